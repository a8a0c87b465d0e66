// The case's rules (domain/case-rules.ts): its state, its stage, the refusals of the update validators
// (each message names the rule broken) and how an accepted event changes the state and reads in the
// timeline. Events go through the zod schema first, as the client sends them; every date is written
// out by hand and, where a weekend or holiday matters, checked against the Swedish calendar.
import {
  applyCaseEvent,
  caseStage,
  checkCaseEvent,
  checkPartyEventAtCase,
  councilGenitive,
  councilName,
  initialCaseState,
  type CaseState,
} from '../../../domain/case-rules';
import type { CaseRegistration } from '../../../domain/case';
import { parseOrThrow } from '../../../domain/errors';
import { HumanEvent } from '../../../domain/events';
import type { TrackStatus } from '../../../domain/track-rules';
import { demoCase, registry } from '../../workflow/support';
import { refusal } from '../../helpers/refusal';

/** An event as the client sends it: validated by the zod schema (a fixture the schema refuses fails here). */
const ev = (input: Record<string, unknown>): HumanEvent => parseOrThrow(HumanEvent, input);

// RS/62/2026: tjänsteskrivelse 2026-01-12 (Monday), beredning in Regionala ledningsgruppen
// 2025-12-05 (forslag), RSR 2026-01-26 (Monday) § 2, nine huvudmän, senast 2026-04-30 (Thursday).
const rs62 = (): CaseRegistration => structuredClone(demoCase('RS-62-2026.json').registration);
// RS/418/2025 is the seed protocol: RSR 2025-05-05 § 13, justerad 2025-05-14, posted 2025-05-15.
const rs418 = (): CaseRegistration => structuredClone(demoCase('RS-418-2025.json').registration);
// RS/258/2026: recommended by SVOM (recommendedBy), no beredning.
const rs258 = (): CaseRegistration => structuredClone(demoCase('RS-258-2026.json').registration);

const rsrDecided = (meetingDate: string, extra: Record<string, unknown> = {}) =>
  ev({ type: 'rsr-decided', meetingDate, paragraf: 2, beslut: ['Delta i det aktörsgemensamma arbetet'], ...extra });
const justering = (date: string, justerare = ['Alex Exempel']) => ev({ type: 'justering-recorded', justerare, date });
const anslag = (posted: string, removed?: string) => ev({ type: 'anslag-posted', posted, ...(removed ? { removed } : {}) });
const appeal = (filedOn: string, extra: Record<string, unknown> = {}) => ev({ type: 'appeal-filed', filedOn, ...extra });
const withdrawn = (date: string, extra: Record<string, unknown> = {}) => ev({ type: 'withdrawn', date, reason: 'Ärendet har ersatts av RS/99/2026', ...extra });
const beredning = (meetingDate: string, outcome: string, extra: Record<string, unknown> = {}) =>
  ev({ type: 'beredning-recorded', organ: 'SVOM', party: 'svom', meetingDate, outcome, ...extra });
const decided = (party: string, extra: Record<string, unknown> = {}) =>
  ev({ type: 'huvudman-decided', party, organ: 'Kommunstyrelsen', meetingDate: '2026-03-10', paragraf: 41, outcome: 'bifall', ...extra });

/** Folds events into a fresh state the way the workflow does: each is checked, then applied. */
function caseWith(registration: CaseRegistration, ...events: HumanEvent[]): CaseState {
  // As the case workflow does: the registry's short name of the case's own recommending body.
  const body = registration.recommendedBy ? registry.get(registration.recommendedBy) : undefined;
  const state = initialCaseState(registration, body?.shortName ?? body?.name);
  for (const event of events) {
    checkCaseEvent(state, event);
    applyCaseEvent(state, event);
  }
  return state;
}

/** RS/62/2026 up to its anslag, as in the demo case: RSR 2026-01-26, justerad 2026-02-02, posted 2026-02-03. */
const rs62Posted = () => caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'), anslag('2026-02-03'));
/** The seed protocol up to its anslag: last appeal day 2025-06-05 (KL 13 kap. 5 §). */
const seedPosted = () => caseWith(rs418(), rsrDecided('2025-05-05', { paragraf: 13 }), justering('2025-05-14', ['Richard Nilsson']), anslag('2025-05-15', '2025-06-09'));

/** The message of the refusal `check` throws; fails the test if it accepts. */
describe('initialCaseState', () => {
  test('the registration as the case starts: its recommendation and beredning, nothing decided, no tracks', () => {
    const registration = rs62();
    const state = initialCaseState(registration);
    expect(state).toStrictEqual({
      dnr: 'RS/62/2026',
      title: 'Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor',
      registration,
      recommendation: registration.recommendation,
      beredning: registration.beredning,
      appeals: [],
      completed: false,
      tracks: [],
    });
  });

  test('the beredning is a copy: a recorded beredning does not change the registration', () => {
    const registration = rs62();
    const state = initialCaseState(registration);
    applyCaseEvent(state, beredning('2026-01-20', 'tillstyrkt'));
    expect(state.beredning).toHaveLength(2);
    expect(registration.beredning).toHaveLength(1);
  });
});

describe('caseStage', () => {
  const withBeredning = (...outcomes: string[]) => {
    const registration = rs62();
    registration.beredning = [];
    const state = initialCaseState(registration);
    outcomes.forEach((outcome, i) => applyCaseEvent(state, beredning(`2026-01-${String(13 + i).padStart(2, '0')}`, outcome)));
    return state;
  };

  test('registered: no beredning yet (RS/258/2026)', () => {
    expect(caseStage(caseWith(rs258()))).toBe('registered');
    expect(caseStage(withBeredning())).toBe('registered');
  });

  test('beredning: no body has proposed or supported it yet', () => {
    expect(caseStage(withBeredning('information'))).toBe('beredning');
    expect(caseStage(withBeredning('avstyrkt'))).toBe('beredning');
  });

  test('beredning: the last body sent it back (återremiss) or tabled it (bordlagd), even after a proposal', () => {
    expect(caseStage(withBeredning('forslag', 'aterremiss'))).toBe('beredning');
    expect(caseStage(withBeredning('tillstyrkt', 'bordlagd'))).toBe('beredning');
  });

  test('rsr-scheduled: prepared (förslag or tillstyrkt) and the last step did not send it back', () => {
    expect(caseStage(caseWith(rs62()))).toBe('rsr-scheduled');
    expect(caseStage(withBeredning('tillstyrkt'))).toBe('rsr-scheduled');
    expect(caseStage(withBeredning('aterremiss', 'forslag'))).toBe('rsr-scheduled');
    expect(caseStage(withBeredning('forslag', 'information'))).toBe('rsr-scheduled');
  });

  test('rsr-decided, justerat, anslag: the recommending body decided, the minutes verified, the notice posted', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(caseStage(state)).toBe('rsr-decided');
    applyCaseEvent(state, justering('2026-02-02'));
    expect(caseStage(state)).toBe('justerat');
    applyCaseEvent(state, anslag('2026-02-03'));
    expect(caseStage(state)).toBe('anslag');
  });

  test('completed: the case workflow marks it when every track is final', () => {
    const state = rs62Posted();
    state.completed = true;
    expect(caseStage(state)).toBe('completed');
  });

  test('withdrawn wins over every other stage', () => {
    const state = rs62Posted();
    applyCaseEvent(state, withdrawn('2026-02-10'));
    expect(caseStage(state)).toBe('withdrawn');
    state.completed = true;
    expect(caseStage(state)).toBe('withdrawn');
  });
});

describe('checkCaseEvent: a withdrawn or completed case takes nothing more', () => {
  const events = [beredning('2026-01-20', 'forslag'), rsrDecided('2026-01-26'), justering('2026-02-02'), anslag('2026-02-03'), appeal('2026-02-10'), withdrawn('2026-02-11')];

  test.each(events.map((e) => [e.type, e] as const))('%s after the withdrawal is refused', (type, event) => {
    const state = caseWith(rs62(), withdrawn('2026-01-20'));
    expect(refusal(() => checkCaseEvent(state, event))).toBe(`${type}: RS/62/2026 är återkallat (2026-01-20) och tar inte emot fler händelser`);
  });

  test.each(events.map((e) => [e.type, e] as const))('%s after completion is refused', (type, event) => {
    const state = rs62Posted();
    state.completed = true;
    expect(refusal(() => checkCaseEvent(state, event))).toBe(`${type}: RS/62/2026 är avslutat och tar inte emot fler händelser`);
  });
});

describe('checkCaseEvent: beredning-recorded', () => {
  test("refused after the recommending body's decision, which it names", () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(refusal(() => checkCaseEvent(state, beredning('2026-01-27', 'forslag')))).toBe('beredning-recorded: beredning kan inte registreras efter RSR:s beslut 2026-01-26');
    const svom = caseWith(rs258(), rsrDecided('2025-12-12'));
    expect(refusal(() => checkCaseEvent(svom, beredning('2025-12-13', 'forslag')))).toBe('beredning-recorded: beredning kan inte registreras efter SVOM:s beslut 2025-12-12');
  });

  test('a beredning before the tjänsteskrivelse (2026-01-12) is accepted, as in the registration (RS/62/2026 was prepared 2025-12-05)', () => {
    const state = caseWith(rs62());
    expect(() => checkCaseEvent(state, beredning('2026-01-11', 'forslag'))).not.toThrow();
    expect(() => checkCaseEvent(state, beredning('2025-12-05', 'forslag'))).not.toThrow();
  });
});

describe('checkCaseEvent: rsr-decided', () => {
  test('a second decision is refused, citing the first', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(refusal(() => checkCaseEvent(state, rsrDecided('2026-02-23', { paragraf: 7 })))).toBe(
      'rsr-decided: beslutet är redan registrerat (2026-01-26 § 2); ett andra, annorlunda beslut tas inte emot',
    );
  });

  test('the meeting cannot precede the tjänsteskrivelse (the latest of it and the beredning); on that day accepted', () => {
    const state = caseWith(rs62());
    expect(refusal(() => checkCaseEvent(state, rsrDecided('2026-01-11')))).toBe(
      'rsr-decided: sammanträdet (2026-01-11) kan inte ligga före tjänsteskrivelsen och beredningen (2026-01-12)',
    );
    expect(() => checkCaseEvent(state, rsrDecided('2026-01-12'))).not.toThrow();
  });

  test('nor a beredning recorded after the tjänsteskrivelse; on its day accepted', () => {
    const state = caseWith(rs62(), beredning('2026-01-20', 'tillstyrkt'));
    expect(refusal(() => checkCaseEvent(state, rsrDecided('2026-01-19')))).toBe(
      'rsr-decided: sammanträdet (2026-01-19) kan inte ligga före tjänsteskrivelsen och beredningen (2026-01-20)',
    );
    expect(() => checkCaseEvent(state, rsrDecided('2026-01-20'))).not.toThrow();
  });

  test('senast (2026-04-30) must be after the meeting: a meeting on senast is refused, the day before accepted', () => {
    const state = caseWith(rs62());
    expect(refusal(() => checkCaseEvent(state, rsrDecided('2026-04-30')))).toBe(
      'rsr-decided: sista dag för huvudmännens beslut (2026-04-30) måste vara efter sammanträdet 2026-04-30',
    );
    expect(() => checkCaseEvent(state, rsrDecided('2026-04-29'))).not.toThrow();
  });

  test('a recommendation changed at the meeting is checked with its own senast', () => {
    const state = caseWith(rs62());
    const changed = (senast: string) => ({ recommendation: { huvudman: ['krokom', 'berg'], points: ['Delta i arbetet'], senast, reminders: [10, 3] } });
    expect(refusal(() => checkCaseEvent(state, rsrDecided('2026-01-26', changed('2026-01-26'))))).toBe(
      'rsr-decided: sista dag för huvudmännens beslut (2026-01-26) måste vara efter sammanträdet 2026-01-26',
    );
    expect(() => checkCaseEvent(state, rsrDecided('2026-01-26', changed('2026-01-27')))).not.toThrow();
    // A meeting after the registration's senast, with a later senast decided there.
    expect(() => checkCaseEvent(state, rsrDecided('2026-05-04', changed('2026-09-30')))).not.toThrow();
  });
});

describe('checkCaseEvent: justering-recorded (of the recommending body\'s minutes)', () => {
  test('refused before the decision is registered', () => {
    expect(refusal(() => checkCaseEvent(caseWith(rs62()), justering('2026-02-02')))).toBe('justering-recorded: protokollet kan inte justeras innan beslutet är registrerat');
  });

  test('refused twice, naming the first justering and its justerare', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02', ['Alex Exempel', 'Robin Exempel']));
    expect(refusal(() => checkCaseEvent(state, justering('2026-02-03')))).toBe('justering-recorded: protokollet är redan justerat 2026-02-02 (Alex Exempel, Robin Exempel)');
  });

  test('refused before the meeting (2026-01-26); on the meeting day accepted', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(refusal(() => checkCaseEvent(state, justering('2026-01-25')))).toBe('justering-recorded: justeringen (2026-01-25) kan inte ske före sammanträdet 2026-01-26');
    expect(() => checkCaseEvent(state, justering('2026-01-26'))).not.toThrow();
  });
});

describe('checkCaseEvent: anslag-posted', () => {
  test('refused before the justering it announces', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(refusal(() => checkCaseEvent(state, anslag('2026-02-03')))).toBe('anslag-posted: anslaget tillkännager justeringen: registrera justeringen först');
  });

  test('refused twice', () => {
    expect(refusal(() => checkCaseEvent(rs62Posted(), anslag('2026-02-04')))).toBe('anslag-posted: anslaget är redan uppsatt 2026-02-03');
  });

  test('refused before the justering date (2026-02-02); on that day accepted', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'));
    expect(refusal(() => checkCaseEvent(state, anslag('2026-02-01')))).toBe('anslag-posted: anslaget (2026-02-01) kan inte sättas upp före justeringen 2026-02-02');
    expect(() => checkCaseEvent(state, anslag('2026-02-02'))).not.toThrow();
  });

  test('KL 8 kap. 12 §: a notice posted after the latest announcement day (2025-05-16) is still accepted: it happened', () => {
    const state = caseWith(rs418(), rsrDecided('2025-05-05', { paragraf: 13 }), justering('2025-05-14'));
    expect(() => checkCaseEvent(state, anslag('2025-05-20'))).not.toThrow();
  });
});

describe('checkCaseEvent: appeal-filed (KL 13 kap. 5 §: within three weeks of the posting)', () => {
  test('refused before the anslag: the appeal period has not begun', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'));
    expect(refusal(() => checkCaseEvent(state, appeal('2026-02-10')))).toBe('appeal-filed: överklagandetiden börjar när anslaget sätts upp; registrera anslaget först');
  });

  test('seed protocol: refused before the posting (2025-05-15); on the posting day accepted', () => {
    const state = seedPosted();
    expect(refusal(() => checkCaseEvent(state, appeal('2025-05-14')))).toBe('appeal-filed: överklagandet (2025-05-14) kan inte komma in före anslaget 2025-05-15');
    expect(() => checkCaseEvent(state, appeal('2025-05-15'))).not.toThrow();
  });

  test('seed protocol: accepted ON the last appeal day 2025-06-05 (posted 2025-05-15 + 21 days, a Thursday), refused the day after', () => {
    const state = seedPosted();
    expect(() => checkCaseEvent(state, appeal('2025-06-05'))).not.toThrow();
    expect(() => checkCaseEvent(state, appeal('2025-06-06'))).toThrow(/kommunallagen 13 kap\. 5 §/);
    expect(refusal(() => checkCaseEvent(state, appeal('2025-06-06')))).toBe(
      'appeal-filed: överklagandet kom in 2025-06-06, efter sista dag 2025-06-05 (kommunallagen 13 kap. 5 §)',
    );
  });

  test('lag (1930:173): posted 2026-03-13, the nominal last day 2026-04-03 is långfredagen, so it ends Tuesday 2026-04-07 after påsk', () => {
    // Meeting postponed to March: RSR 2026-03-10, justerad 2026-03-12 (Thursday), posted Friday 2026-03-13.
    const state = caseWith(rs62(), rsrDecided('2026-03-10'), justering('2026-03-12'), anslag('2026-03-13'));
    expect(() => checkCaseEvent(state, appeal('2026-04-03'))).not.toThrow();
    expect(() => checkCaseEvent(state, appeal('2026-04-06'))).not.toThrow(); // annandag påsk
    expect(() => checkCaseEvent(state, appeal('2026-04-07'))).not.toThrow();
    expect(refusal(() => checkCaseEvent(state, appeal('2026-04-08')))).toBe(
      'appeal-filed: överklagandet kom in 2026-04-08, efter sista dag 2026-04-07 (kommunallagen 13 kap. 5 §)',
    );
  });
});

describe('checkCaseEvent: withdrawn', () => {
  test('refused before the tjänsteskrivelse (2026-01-12); on its day accepted', () => {
    const state = caseWith(rs62());
    expect(refusal(() => checkCaseEvent(state, withdrawn('2026-01-11')))).toBe('withdrawn: återkallelsen (2026-01-11) kan inte ske före tjänsteskrivelsen 2026-01-12');
    expect(() => checkCaseEvent(state, withdrawn('2026-01-12'))).not.toThrow();
  });

  test('accepted at any stage before completion, also during the appeal period', () => {
    expect(() => checkCaseEvent(rs62Posted(), withdrawn('2026-02-10'))).not.toThrow();
  });
});

describe('checkCaseEvent: huvudman-decided is not the case\'s to check', () => {
  test('it passes here (checkPartyEventAtCase refuses it first), and applyCaseEvent will not take it', () => {
    const state = rs62Posted();
    const before = structuredClone(state);
    expect(() => checkCaseEvent(state, decided('krokom'))).not.toThrow();
    expect(() => applyCaseEvent(state, decided('krokom'))).toThrow('huvudman-decided hör till beslutsspåret');
    expect(state).toEqual(before);
  });
});

describe('checkPartyEventAtCase: a huvudman\'s event sent to the case', () => {
  const known = registry.parties.map((p) => p.id as string);
  const trackId = 'arende:RS-62-2026:krokom';
  const justerat = () => caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'));
  const finalStatus = { state: 'laga-kraft', final: true } as TrackStatus;

  test('refused once the case is withdrawn', () => {
    const state = justerat();
    applyCaseEvent(state, withdrawn('2026-02-10'));
    expect(refusal(() => checkPartyEventAtCase(state, decided('krokom'), known, trackId))).toBe('huvudman-decided: RS/62/2026 är återkallat (2026-02-10) och tar inte emot fler händelser');
  });

  test('an unknown party is refused', () => {
    expect(refusal(() => checkPartyEventAtCase(justerat(), decided('atlantis'), known, 'arende:RS-62-2026:atlantis'))).toBe(
      'huvudman-decided: parten "atlantis" finns inte i partregistret',
    );
  });

  test('a registered party that was not asked to decide is refused', () => {
    expect(refusal(() => checkPartyEventAtCase(justerat(), decided('gnus'), known, 'arende:RS-62-2026:gnus'))).toBe('huvudman-decided: gnus har inte ombetts att besluta i RS/62/2026');
  });

  test("refused before the recommending body's minutes are justerade (RSR, or the case's recommendedBy)", () => {
    const decidedOnly = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(refusal(() => checkPartyEventAtCase(decidedOnly, decided('krokom'), known, trackId))).toBe(
      'huvudman-decided: RSR:s beslut i RS/62/2026 är inte justerat än; huvudmännen ombeds besluta först när protokollet är justerat',
    );
    const svom = caseWith(rs258(), rsrDecided('2025-12-12'));
    expect(refusal(() => checkPartyEventAtCase(svom, decided('krokom'), known, 'arende:RS-258-2026:krokom'))).toBe(
      'huvudman-decided: SVOM:s beslut i RS/258/2026 är inte justerat än; huvudmännen ombeds besluta först när protokollet är justerat',
    );
  });

  test('refused when the party\'s track is final, naming its state', () => {
    const state = justerat();
    state.tracks = [{ party: registry.getOrThrow('krokom').id, name: 'Krokoms kommun', state: 'laga-kraft', overdue: false, final: finalStatus }];
    expect(refusal(() => checkPartyEventAtCase(state, decided('krokom'), known, trackId))).toBe('huvudman-decided: beslutsspåret för Krokoms kommun är avslutat (laga kraft)');
  });

  test('when every rule holds it is still refused here: the track takes it, and the message names the track', () => {
    const state = justerat();
    state.tracks = [
      { party: registry.getOrThrow('krokom').id, name: 'Krokoms kommun', state: 'overdue', overdue: true },
      { party: registry.getOrThrow('berg').id, name: 'Bergs kommun', state: 'laga-kraft', overdue: false, final: finalStatus },
    ];
    for (const event of [
      decided('krokom'),
      ev({ type: 'justering-recorded', party: 'krokom', justerare: ['A'], date: '2026-03-12' }),
      ev({ type: 'anslag-posted', party: 'krokom', posted: '2026-03-13' }),
      ev({ type: 'appeal-filed', party: 'krokom', filedOn: '2026-03-20' }),
    ]) {
      expect(refusal(() => checkPartyEventAtCase(state, event, known, trackId))).toBe(`${event.type}: händelser för krokom tas emot av beslutsspåret arende:RS-62-2026:krokom`);
    }
  });
});

describe('applyCaseEvent: the state after each event and the line in the timeline', () => {
  test('beredning-recorded: the step is added (without its type), with § when given', () => {
    const state = caseWith(rs62());
    expect(applyCaseEvent(state, beredning('2026-01-20', 'tillstyrkt', { paragraf: 48, note: 'Enhälligt' }))).toBe('Beredning i SVOM 2026-01-20 § 48: tillstyrkt');
    expect(state.beredning[1]).toStrictEqual({ organ: 'SVOM', party: 'svom', meetingDate: '2026-01-20', paragraf: 48, outcome: 'tillstyrkt', note: 'Enhälligt' });
    // The line writes the outcome's word (BEREDNING_OUTCOME_LABELS: "återremitterat"), never its id ("aterremiss").
    expect(applyCaseEvent(state, ev({ type: 'beredning-recorded', organ: 'Regionala ledningsgruppen', meetingDate: '2026-01-21', outcome: 'aterremiss' }))).toBe(
      'Beredning i Regionala ledningsgruppen 2026-01-21: återremitterat',
    );
    expect(state.beredning.map((b) => b.meetingDate)).toEqual(['2025-12-05', '2026-01-20', '2026-01-21']);
  });

  test('rsr-decided: the decision is kept; the line counts the huvudmän and gives senast', () => {
    const state = caseWith(rs62());
    expect(applyCaseEvent(state, rsrDecided('2026-01-26', { beslut: ['Delta', 'Avdela personal'] }))).toBe('RSR beslutade 2026-01-26 § 2; 9 huvudmän ombeds besluta senast 2026-04-30');
    expect(state.rsr).toStrictEqual({ meetingDate: '2026-01-26', paragraf: 2, beslut: ['Delta', 'Avdela personal'] });
    expect(state.recommendation).toEqual(rs62().recommendation);
  });

  test('rsr-decided with a changed recommendation: it replaces the registration\'s', () => {
    const state = caseWith(rs62());
    const recommendation = { huvudman: ['krokom', 'berg'], points: ['Delta i arbetet'], senast: '2026-06-30', reminders: [5] };
    expect(applyCaseEvent(state, rsrDecided('2026-01-26', { recommendation }))).toBe('RSR beslutade 2026-01-26 § 2; 2 huvudmän ombeds besluta senast 2026-06-30');
    expect(state.recommendation).toEqual(recommendation);
    expect(state.registration.recommendation.senast).toBe('2026-04-30');
  });

  test('rsr-decided names the recommending body of the case (SVOM for RS/258/2026)', () => {
    expect(applyCaseEvent(caseWith(rs258()), rsrDecided('2025-12-12', { paragraf: 5 }))).toBe('SVOM beslutade 2025-12-12 § 5; 9 huvudmän ombeds besluta senast 2026-04-30');
  });

  test('justering-recorded: the justering is kept; the line names the justerare', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'));
    expect(applyCaseEvent(state, justering('2026-02-02', ['Alex Exempel', 'Robin Exempel']))).toBe('Protokollet justerat 2026-02-02 av Alex Exempel, Robin Exempel');
    expect(state.justering).toStrictEqual({ justerare: ['Alex Exempel', 'Robin Exempel'], date: '2026-02-02' });
  });

  test('anslag-posted, the seed protocol: the statutory calendar (KL 8 kap. 12 §, 13 kap. 5 §, lag 1930:173)', () => {
    const state = caseWith(rs418(), rsrDecided('2025-05-05', { paragraf: 13 }), justering('2025-05-14', ['Richard Nilsson']));
    expect(applyCaseEvent(state, anslag('2025-05-15', '2025-06-09'))).toBe('Anslag uppsatt 2025-05-15; sista dag att överklaga 2025-06-05');
    expect(state.anslag).toStrictEqual({
      posted: '2025-05-15',
      removed: '2025-06-09',
      calendar: {
        justerad: '2025-05-14', // Wednesday
        anslagSenast: '2025-05-16', // KL 8:12: the second day after, a Friday
        posted: '2025-05-15',
        lastAppealDay: '2025-06-05', // KL 13:5: + 21 days, a Thursday
        earliestRemoval: '2025-06-09', // 6 June nationaldagen (Friday), 7 Saturday, 8 pingstdagen: Monday
        lagaKraft: '2025-06-06',
      },
    });
  });

  test('anslag-posted without a removal date keeps none', () => {
    const state = caseWith(rs62(), rsrDecided('2026-01-26'), justering('2026-02-02'));
    expect(applyCaseEvent(state, anslag('2026-02-03'))).toBe('Anslag uppsatt 2026-02-03; sista dag att överklaga 2026-02-24');
    expect(state.anslag).not.toHaveProperty('removed');
    expect(state.anslag?.calendar).toStrictEqual({
      justerad: '2026-02-02',
      anslagSenast: '2026-02-04',
      posted: '2026-02-03',
      lastAppealDay: '2026-02-24',
      earliestRemoval: '2026-02-25',
      lagaKraft: '2026-02-25',
    });
  });

  test('KL 8 kap. 12 §: a late notice is recorded with its latest day, and the appeal period runs from the real posting day', () => {
    // Justerad Wednesday 2025-05-14, announced no later than Friday 2025-05-16, posted Tuesday 2025-05-20.
    const state = caseWith(rs418(), rsrDecided('2025-05-05', { paragraf: 13 }), justering('2025-05-14'));
    expect(applyCaseEvent(state, anslag('2025-05-20'))).toBe(
      'Anslag uppsatt 2025-05-20, uppsatt efter sista dagen 2025-05-16 för tillkännagivandet (kommunallagen (2017:725) 8 kap. 12 §); sista dag att överklaga 2025-06-10',
    );
    expect(state.anslag?.calendar).toMatchObject({ anslagSenast: '2025-05-16', posted: '2025-05-20', lastAppealDay: '2025-06-10' });
  });

  test('appeal-filed: every appeal is kept in order; the line names the appellant when given', () => {
    const state = seedPosted();
    expect(applyCaseEvent(state, appeal('2025-05-20'))).toBe('Överklagande inkom 2025-05-20');
    expect(applyCaseEvent(state, appeal('2025-06-05', { appellant: 'Anna Exempel', court: 'Förvaltningsrätten i Härnösand' }))).toBe('Överklagande inkom 2025-06-05 från Anna Exempel');
    expect(state.appeals).toStrictEqual([
      { type: 'appeal-filed', filedOn: '2025-05-20' },
      { type: 'appeal-filed', filedOn: '2025-06-05', appellant: 'Anna Exempel', court: 'Förvaltningsrätten i Härnösand' },
    ]);
    expect(caseStage(state)).toBe('anslag');
  });

  test('withdrawn: date, reason and who decided are kept; the line gives the reason', () => {
    const state = caseWith(rs62());
    expect(applyCaseEvent(state, withdrawn('2026-01-20', { decidedBy: 'Regiondirektören' }))).toBe('Ärendet återkallat 2026-01-20: Ärendet har ersatts av RS/99/2026');
    expect(state.withdrawn).toStrictEqual({ date: '2026-01-20', reason: 'Ärendet har ersatts av RS/99/2026', decidedBy: 'Regiondirektören' });
    const plain = caseWith(rs62(), withdrawn('2026-01-20'));
    expect(plain.withdrawn).toStrictEqual({ date: '2026-01-20', reason: 'Ärendet har ersatts av RS/99/2026' });
  });
});

describe('councilName and councilGenitive: the recommending body as the texts name it', () => {
  test('RSR by default, "RSR:s" in the genitive', () => {
    const state = caseWith(rs62());
    expect(councilName(state)).toBe('RSR');
    expect(councilGenitive(state)).toBe('RSR:s');
  });

  test("the case's recommendedBy by the registry's short name: SVOM, SVOM:s (an abbreviation takes a colon)", () => {
    const state = caseWith(rs258());
    expect(councilName(state)).toBe('SVOM');
    expect(councilGenitive(state)).toBe('SVOM:s');
  });

  test('a body whose name is a word is named, not its id upper-cased: Kommunförbundet, Kommunförbundets', () => {
    const state = caseWith({ ...rs258(), recommendedBy: 'kommunforbundet-jh' as never });
    expect(councilName(state)).toBe('Kommunförbundet');
    expect(councilGenitive(state)).toBe('Kommunförbundets');
    expect(councilName(initialCaseState({ ...rs258(), recommendedBy: 'kommunforbundet-jh' as never }))).not.toBe('KOMMUNFORBUNDET-JH');
  });
});
