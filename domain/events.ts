// Human events: what a person reports after registration. Each is the payload of one Temporal
// Update, validated synchronously before it may enter the history. Rules that need the case's
// state (e.g. an anslag after its justering) belong to the workflow; rules visible in the payload
// alone are checked here.
import { z } from 'zod';
import { compareDates } from './dates';
import { PartyId } from './parties';
import { Paragraf, Points, Recipient, Recommendation, beredningStepShape } from './case';
import { earliestRemovalDate } from './calendar';
import { HUMAN_EVENT_TYPES } from './rules';
import { IsoDate, MultiLineText, Text } from './values';
import { CORRECTION_TARGET_WORDS } from './corrections';
import { correctionFieldLabel } from './field-labels';

export const DecisionOutcome = z
  .enum(['bifall', 'avslag', 'delvis-bifall', 'aterremiss', 'bordlaggning'])
  .meta({ description: 'bifall, avslag, delvis-bifall, aterremiss (ska beslutas igen), bordlaggning' });
export type DecisionOutcome = z.infer<typeof DecisionOutcome>;

export const Justering = z.strictObject({
  justerare: z.array(Text).min(1, 'ange minst en justerare'),
  date: IsoDate,
});
export type Justering = z.infer<typeof Justering>;

const ForParty = PartyId.optional().meta({ description: 'Huvudmannens protokoll; utelämnat = rekommendationsbeslutets (RSR:s) protokoll' });

export const BeredningRecorded = z.strictObject({ type: z.literal('beredning-recorded'), ...beredningStepShape });
export type BeredningRecorded = z.infer<typeof BeredningRecorded>;

/** The recommending body's decision (RSR, or the case's recommendedBy). */
export const RsrDecided = z.strictObject({
  type: z.literal('rsr-decided'),
  meetingDate: IsoDate,
  paragraf: Paragraf,
  beslut: Points.meta({ description: 'Beslutet, en post per numrerad punkt' }),
  recommendation: Recommendation.optional().meta({ description: 'Endast om sammanträdet ändrade rekommendationen från registreringen' }),
});
export type RsrDecided = z.infer<typeof RsrDecided>;

export const JusteringRecorded = z.strictObject({ type: z.literal('justering-recorded'), party: ForParty, ...Justering.shape });
export type JusteringRecorded = z.infer<typeof JusteringRecorded>;

// KL 8 kap. 12 §: the notice stays up until the appeal period (13 kap. 5 §) has ended.
const anslagRules = (value: { posted: IsoDate; removed?: IsoDate | undefined }, ctx: z.RefinementCtx) => {
  if (value.removed === undefined) return;
  const earliest = earliestRemovalDate(value.posted);
  if (compareDates(value.removed, earliest) < 0) {
    ctx.addIssue({
      code: 'custom',
      path: ['removed'],
      message: `anslaget får inte tas ned före ${earliest}, första vardagen efter överklagandetidens slut (kommunallagen 8 kap. 12 § och 13 kap. 5 §)`,
    });
  }
};

const anslagShape = {
  posted: IsoDate.meta({ description: 'Dag då justeringen tillkännagavs på anslagstavlan' }),
  removed: IsoDate.optional().meta({ description: 'Dag då anslaget togs ned' }),
};

export const Anslag = z.strictObject(anslagShape).superRefine((value, ctx) => anslagRules(value, ctx));
export type Anslag = z.infer<typeof Anslag>;

export const AnslagPosted = z
  .strictObject({ type: z.literal('anslag-posted'), party: ForParty, ...anslagShape })
  .superRefine((value, ctx) => anslagRules(value, ctx));
export type AnslagPosted = z.infer<typeof AnslagPosted>;

/** A huvudman's own decision on the recommendation, optionally with its justering and anslag. */
export const HuvudmanDecided = z
  .strictObject({
    type: z.literal('huvudman-decided'),
    party: PartyId,
    organ: Text.meta({ description: 'Beslutande organ, t.ex. "Kommunstyrelsen"' }),
    meetingDate: IsoDate,
    paragraf: Paragraf,
    outcome: DecisionOutcome,
    beslut: Points.optional().meta({ description: 'Beslutet, en post per numrerad punkt' }),
    // The huvudman's own registry writes its numbers its own way (KS 2026/412, KS-2026-0412, 2026/412):
    // free text, one line, bounded; only the region's own Dnr has the ORGAN/NUMMER/ÅR form.
    dnr: Text.max(60, 'får ha högst 60 tecken').optional().meta({ description: 'Huvudmannens eget diarienummer som det skrivs där, t.ex. "KS 2026/412" eller "KS-2026-0412"' }),
    justering: Justering.optional(),
    anslag: Anslag.optional(),
    expedierasTill: z.array(Recipient).min(1, 'ange minst en mottagare, eller utelämna fältet').optional().meta({
      description: 'Expedieras till för huvudmannens eget beslut, som i protokollet; de får ett protokollsutdrag när protokollet är justerat',
    }),
    note: MultiLineText.optional(),
  })
  .superRefine((d, ctx) => {
    if (d.justering && compareDates(d.justering.date, d.meetingDate) < 0) {
      ctx.addIssue({ code: 'custom', path: ['justering', 'date'], message: `justeringen kan inte ske före sammanträdet ${d.meetingDate}` });
    }
    if (d.anslag && !d.justering) {
      ctx.addIssue({ code: 'custom', path: ['anslag'], message: 'ett anslag tillkännager en justering: ange justeringen också' });
    }
    if (d.anslag && d.justering && compareDates(d.anslag.posted, d.justering.date) < 0) {
      ctx.addIssue({ code: 'custom', path: ['anslag', 'posted'], message: `anslaget kan inte sättas upp före justeringen ${d.justering.date}` });
    }
  });
export type HuvudmanDecided = z.infer<typeof HuvudmanDecided>;

export const AppealFiled = z.strictObject({
  type: z.literal('appeal-filed'),
  party: ForParty,
  filedOn: IsoDate.meta({ description: 'Dag då överklagandet kom in' }),
  appellant: Text.optional(),
  court: Text.optional().meta({ description: 'Instansen, t.ex. "Förvaltningsrätten i Härnösand"' }),
  reference: Text.optional().meta({ description: 'Domstolens målnummer, t.ex. "1234-26"' }),
  note: MultiLineText.optional(),
});
export type AppealFiled = z.infer<typeof AppealFiled>;

export const Withdrawn = z.strictObject({
  type: z.literal('withdrawn'),
  date: IsoDate,
  reason: MultiLineText,
  decidedBy: Text.optional(),
});
export type Withdrawn = z.infer<typeof Withdrawn>;

/**
 * A correction (rättelse) of a recorded fact: the decision, the justering, the anslag or the appeal
 * of a huvudman's protocol (`party`) or of the case's own (RSR's). A new event with a reason; the
 * corrected entry stays in the log, marked as corrected (domain/corrections.ts applies it).
 */
export const CORRECTION_TARGETS = ['decision', 'justering', 'anslag', 'appeal'] as const;
/** Which fields each target's correction may change. */
export const CORRECTION_FIELDS = {
  decision: ['meetingDate', 'paragraf', 'outcome', 'organ'],
  justering: ['date', 'justerare'],
  anslag: ['posted', 'removed'],
  appeal: ['filedOn', 'appellant', 'court'],
} as const satisfies Record<(typeof CORRECTION_TARGETS)[number], readonly string[]>;

export const CorrectionChanges = z.strictObject({
  meetingDate: IsoDate.optional(),
  paragraf: Paragraf.optional(),
  outcome: DecisionOutcome.optional(),
  organ: Text.optional(),
  date: IsoDate.optional().meta({ description: 'Justeringens dag' }),
  justerare: z.array(Text).min(1, 'ange minst en justerare').optional(),
  posted: IsoDate.optional().meta({ description: 'Anslagets uppsättningsdag' }),
  removed: IsoDate.optional().meta({ description: 'Anslagets nedtagningsdag' }),
  filedOn: IsoDate.optional().meta({ description: 'Dag då överklagandet kom in' }),
  appellant: Text.optional(),
  court: Text.optional(),
});
export type CorrectionChanges = z.infer<typeof CorrectionChanges>;


export const CorrectionRecorded = z
  .strictObject({
    type: z.literal('correction-recorded'),
    party: ForParty,
    target: z.enum(CORRECTION_TARGETS).meta({ description: 'Vad som rättas: decision (beslutet), justering, anslag eller appeal (överklagandet)' }),
    changes: CorrectionChanges.meta({ description: 'De rättade uppgifterna; bara fält som hör till target' }),
    reason: Text.meta({ description: 'Skälet till rättelsen' }),
  })
  .superRefine((c, ctx) => {
    const allowed: readonly string[] = CORRECTION_FIELDS[c.target];
    const given = Object.keys(c.changes).filter((k) => c.changes[k as keyof CorrectionChanges] !== undefined);
    if (given.length === 0) ctx.addIssue({ code: 'custom', path: ['changes'], message: `ange minst en rättad uppgift för ${CORRECTION_TARGET_WORDS[c.target]} (${allowed.map(correctionFieldLabel).join(', ')})` });
    for (const key of given) {
      if (!allowed.includes(key)) ctx.addIssue({ code: 'custom', path: ['changes', key], message: `hör inte till ${CORRECTION_TARGET_WORDS[c.target]}; tillåtna: ${allowed.map(correctionFieldLabel).join(', ')}` });
    }
    if (c.target === 'decision' && !c.party && (c.changes.outcome || c.changes.organ)) {
      ctx.addIssue({ code: 'custom', path: ['changes', c.changes.outcome ? 'outcome' : 'organ'], message: 'rekommendationsbeslutets utfall och organ rättas inte; bara sammanträdesdag och paragraf' });
    }
  });
export type CorrectionRecorded = z.infer<typeof CorrectionRecorded>;

export const HumanEvent = z.discriminatedUnion(
  'type',
  [BeredningRecorded, RsrDecided, JusteringRecorded, AnslagPosted, HuvudmanDecided, AppealFiled, Withdrawn, CorrectionRecorded],
  { error: (issue) => (issue.code === 'invalid_union' ? `okänd händelsetyp; tillåtna: ${HUMAN_EVENT_TYPES.join(', ')}` : undefined) },
);
export type HumanEvent = z.infer<typeof HumanEvent>;
export type HumanEventType = HumanEvent['type'];
