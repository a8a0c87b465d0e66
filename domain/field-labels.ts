// The Swedish label of every field a person fills in, by its key in the domain schemas: what a
// validation error (domain/errors.ts), an impossible fact (domain/facts.ts) and a refusal naming a
// field (domain/rules.ts `refuseField`) call it. The forms show the same words (client/web), so an
// error names the field as the form's label does. Pure and free of zod: workflow code names fields too.

const LABELS: Record<string, string> = {
  registration: 'Registrering',
  events: 'Händelse',
  dnr: 'Diarienummer',
  title: 'Rubrik',
  handlaggare: 'Handläggare',
  tjansteskrivelse: 'Tjänsteskrivelse',
  forslagTillBeslut: 'Förslag till beslut',
  beredning: 'Beredning',
  rsrMeetingDate: 'RSR-sammanträde',
  recommendedBy: 'Rekommenderande organ',
  recommendation: 'Rekommendation',
  huvudman: 'Huvudmän',
  points: 'Beslutspunkter',
  senast: 'Senast',
  reminders: 'Påminnelser',
  expedierasTill: 'Expedieras till',
  beslutsunderlag: 'Beslutsunderlag',
  beslut: 'Beslut',
  justering: 'Justering',
  justerare: 'Justerare',
  anslag: 'Anslag',
  posted: 'Anslaget uppsatt',
  removed: 'Anslaget nedtaget',
  outcome: 'Utfall',
  organ: 'Organ',
  party: 'Part',
  group: 'Grupp',
  meetingDate: 'Sammanträdesdatum',
  paragraf: 'Paragraf (§)',
  date: 'Datum',
  author: 'Författare',
  summary: 'Sammanfattning',
  note: 'Anteckning',
  name: 'Namn',
  shortName: 'Kortnamn',
  role: 'Roll',
  organisation: 'Organisation',
  email: 'E-post',
  url: 'Länk',
  type: 'Händelsetyp',
  // An appeal's fields as its form (client/web/report-pages.ts `appealFields`) names them.
  filedOn: 'Överklagandet kom in',
  appellant: 'Klagande',
  court: 'Instans',
  reference: 'Målnummer',
  reason: 'Skäl',
  decidedBy: 'Beslutat av',
  parties: 'Part',
  groups: 'Grupp',
  members: 'Medlem',
  kind: 'Typ',
  organs: 'Beslutande organ',
  registrator: 'Registrator (e-post)',
  aliases: 'Alias',
  managerEmail: 'Samordningskansliets e-post',
  council: 'Samverkansråd',
  id: 'Id',
  justerad: 'Justerad',
  // A correction (rättelse): what it corrects, the corrected facts (their own labels below).
  target: 'Vad rättas',
  changes: 'Rätt uppgift',
};

/**
 * Whole paths whose label is not the sum of their keys': a correction's corrected fields, as the
 * correction form names them ("Beslutet: sammanträdesdag", not "Rätt uppgift › Sammanträdesdatum").
 */
const PATH_LABELS: Record<string, string> = {
  'changes.meetingDate': 'Beslutet: sammanträdesdag',
  'changes.paragraf': 'Beslutet: paragraf (§)',
  'changes.outcome': 'Beslutet: utfall',
  'changes.organ': 'Beslutet: beslutande organ',
  'changes.date': 'Justeringen: dag',
  'changes.justerare': 'Justeringen: justerare',
  'changes.posted': 'Anslaget: uppsatt',
  'changes.removed': 'Anslaget: nedtaget',
  'changes.filedOn': 'Överklagandet: kom in',
  'changes.appellant': 'Överklagandet: klagande',
  'changes.court': 'Överklagandet: instans',
};

/** A corrected field's label ("paragraf" → "Beslutet: paragraf (§)"): how a correction's messages name the fields. */
export function correctionFieldLabel(field: string): string {
  return PATH_LABELS[`changes.${field}`] ?? field;
}

/** The label of a field's path (`['recommendation', 'huvudman', 0]` → "Rekommendation › Huvudmän 1"; a dotted path too). */
export function fieldLabel(path: readonly PropertyKey[] | string): string {
  if (typeof path === 'string') return fieldLabel(path.split('.').map((k) => (/^\d+$/.test(k) ? Number(k) : k)));
  const parts: string[] = [];
  const keys: string[] = [];
  for (const segment of path) {
    if (typeof segment === 'number') {
      const previous = parts.pop() ?? 'Post';
      parts.push(`${previous} ${segment + 1}`);
    } else {
      keys.push(String(segment));
      const whole = PATH_LABELS[keys.join('.')];
      if (whole) parts.splice(0, parts.length, whole);
      else parts.push(LABELS[String(segment)] ?? String(segment));
    }
  }
  return parts.length > 0 ? parts.join(' › ') : 'Indata';
}
