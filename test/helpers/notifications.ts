// One notification of each kind for RS/62/2026 (the demo case), as the case workflows build them.
import type { Notification } from '../../domain/notifications';

const base = {
  dnr: 'RS/62/2026',
  case: {
    dnr: 'RS/62/2026',
    title: 'Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor',
    handlaggare: { name: 'Kim Exempelsson', title: 'Beredskapshandläggare', email: 'kim.exempelsson@regionjh.example' },
    summary: 'Region Jämtland Härjedalen, länets kommuner och länsstyrelsen behöver bedriva ett mer samordnat arbete i totalförsvarsfrågor.',
    recommendedBy: { id: 'rsr', name: 'Regionens samverkansråd' },
    beslutsunderlag: [
      { title: 'Tjänsteskrivelse om försörjningsberedskap', url: 'https://diarium.regionjh.example/RS-62-2026/tjansteskrivelse.pdf' },
      { title: 'Protokoll RSR 2026-01-26' },
    ],
  },
};

const krokom = { label: 'Krokoms kommun', email: 'registrator@krokom.example', party: 'krokom' };

const rsr = {
  meetingDate: '2026-01-26',
  paragraf: 2,
  beslut: ['Delta i det aktörsgemensamma arbetet', 'Avdela personal till arbetsgruppen', 'Avdela direktör/länsråd till styrgruppen'],
  justering: { justerare: ['Anna Andersson', 'Per Persson'], date: '2026-02-02' },
  anslagPosted: '2026-02-03',
};

const track = {
  party: 'krokom',
  partyName: 'Krokoms kommun',
  organ: 'Kommunstyrelsen',
  points: ['Delta i det aktörsgemensamma arbetet', 'Avdela personal till arbetsgruppen', 'Avdela direktör/länsråd till styrgruppen'],
  senast: '2026-04-30',
};

const decision = {
  organ: 'Kommunstyrelsen',
  meetingDate: '2026-03-10',
  paragraf: 45,
  outcome: 'bifall',
  beslut: ['Krokoms kommun deltar i arbetet'],
  justering: { justerare: ['Eva Ek'], date: '2026-03-12' },
  anslagPosted: '2026-03-13',
  lastAppealDay: '2026-04-03',
  lagaKraft: '2026-04-04',
};

export function notificationOf<K extends Notification['kind']>(kind: K, overrides: Record<string, unknown> = {}): Extract<Notification, { kind: K }> {
  const n = (() => {
    switch (kind as Notification['kind']) {
      case 'protokollsutdrag':
        return { kind, ...base, occurrence: 'rsr-2026-01-26-§2', recipient: { label: 'Tomas Jonsson, Kommundirektör, Krokoms kommun', email: 'tomas.jonsson@krokom.example', party: 'krokom' }, rsr };
      case 'protokollsutdrag-huvudman':
        return { kind, ...base, occurrence: 'beslut-2026-03-10-§45', recipient: { label: 'Länsstyrelsen Jämtlands län', email: 'registrator@lansstyrelsen-z.example', party: 'lansstyrelsen-z' }, track, decision };
      case 'begaran':
        return { kind, ...base, occurrence: '1', recipient: krokom, rsr, track };
      case 'paminnelse':
        return { kind, ...base, occurrence: '2026-04-16', recipient: krokom, rsr, track, workingDaysLeft: 10 };
      case 'forsenad':
        return { kind, ...base, occurrence: '2026-05-01', recipient: { label: 'Samordningskansliet', email: 'samordningskansliet@regionjh.example' }, track, overdueSince: '2026-05-01' };
      case 'beslut-registrerat':
        return { kind, ...base, occurrence: 'ks-2026-03-10-§45', recipient: krokom, track, decision: { ...decision, anslagPosted: undefined, justering: undefined, lastAppealDay: undefined, lagaKraft: undefined } };
      case 'laga-kraft':
        return { kind, ...base, occurrence: 'ks-2026-03-10-§45', recipient: krokom, track, decision };
      case 'aterkallelse':
        return { kind, ...base, occurrence: '1', recipient: krokom, withdrawal: { date: '2026-03-01', reason: 'Ärendet hanteras i ett annat forum', decidedBy: 'Regionens samverkansråd' } };
      case 'rattelse':
        return {
          kind, ...base, occurrence: 'rattelse-krokom-5', recipient: krokom, track,
          correction: { what: 'anslaget', changes: ['uppsatt 2026-03-13 → 2026-03-20'], reason: 'Anslaget sattes upp senare än rapporterat', by: 'administrator', lagaKraftWithdrawn: '2026-04-11' },
        };
      case 'overklagat':
        return { kind, ...base, occurrence: 'overklagat-krokom-2026-04-03', recipient: krokom, track, decision, appeal: { filedOn: '2026-04-03', court: 'Förvaltningsrätten i Härnösand' } };
    }
  })();
  return JSON.parse(JSON.stringify({ ...n, ...overrides })) as Extract<Notification, { kind: K }>; // drops undefined, like the workflow's payloads
}
