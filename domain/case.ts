// Case registration: what an administrator enters to open a case (ärende), from the
// tjänsteskrivelse to the recommendation the huvudmän are asked to decide. It is the input of the
// case workflow, so it is validated here once and never re-read from anywhere else.
import { z } from 'zod';
import { compareDates } from './dates';
import { Email, GroupId, PartyId, type PartyRegistry } from './parties';
import { unlessMissing, type FieldIssue } from './errors';
import { resolveRecipient } from './dispatch';
import { Dnr, IsoDate, MultiLineText, Text } from './values';

export { MultiLineText, Text } from './values';

/** Numbered points, as in "Förslag till beslut" and "Beslut": one string per point, in order. */
export const Points = z.array(Text).min(1, 'ska ha minst en punkt');

export const Paragraf = z
  .int({ error: unlessMissing('ska vara paragrafens nummer, ett heltal (t.ex. 31 för § 31)') })
  .min(1, 'ska vara 1 eller större')
  .meta({ description: 'Paragrafnummer i protokollet (§)' });

export const Handlaggare = z.strictObject({
  name: Text,
  title: Text.optional().meta({ description: 'Befattning, t.ex. "Regional utvecklingsstrateg"' }),
  email: Email.optional(),
});
export type Handlaggare = z.infer<typeof Handlaggare>;

export const Tjansteskrivelse = z.strictObject({
  date: IsoDate,
  author: Text,
  summary: MultiLineText.meta({ description: 'Ärendebeskrivning / sammanfattning' }),
  forslagTillBeslut: Points.meta({ description: 'Förslag till beslut, en post per numrerad punkt' }),
});
export type Tjansteskrivelse = z.infer<typeof Tjansteskrivelse>;

export const BeredningOutcome = z
  .enum(['forslag', 'tillstyrkt', 'avstyrkt', 'aterremiss', 'bordlagd', 'information'])
  .meta({ description: 'forslag = lämnat förslag/rekommendation, tillstyrkt, avstyrkt, aterremiss, bordlagd, information = för kännedom' });
export type BeredningOutcome = z.infer<typeof BeredningOutcome>;

// Its words (BEREDNING_OUTCOME_LABELS) are in domain/words.ts, which the workflow's timeline uses.

/** Fields of one beredning step; shared with the `beredning-recorded` event. */
export const beredningStepShape = {
  organ: Text.meta({ description: 'Beredande organ som det står i handlingen, t.ex. "SVOM"' }),
  party: PartyId.optional().meta({ description: 'Organet i partregistret, om det finns där' }),
  meetingDate: IsoDate,
  paragraf: Paragraf.optional(),
  outcome: BeredningOutcome,
  note: MultiLineText.optional(),
};
export const BeredningStep = z.strictObject(beredningStepShape);
export type BeredningStep = z.infer<typeof BeredningStep>;

const Reminders = z
  .array(z.int({ error: unlessMissing('ska vara ett helt antal arbetsdagar') }).min(1, 'ska vara minst 1 arbetsdag').max(60, 'får vara högst 60 arbetsdagar'))
  .default([10, 3])
  .meta({ description: 'Påminnelser till huvudmännen, antal arbetsdagar före "senast" (standard 10 och 3)' });

export const Recommendation = z
  .strictObject({
    huvudman: z.array(PartyId).min(1, 'ska ange minst en huvudman').meta({ description: 'Parterna som ombeds besluta' }),
    points: Points.meta({ description: 'De numrerade punkter varje huvudman ombeds besluta om' }),
    senast: IsoDate.meta({ description: 'Senaste dag för huvudmännens beslut' }),
    reminders: Reminders,
  })
  .superRefine((rec, ctx) => {
    rec.huvudman.forEach((id, i) => {
      if (rec.huvudman.indexOf(id) !== i) ctx.addIssue({ code: 'custom', path: ['huvudman', i], message: `"${id}" står med mer än en gång` });
    });
  });
export type Recommendation = z.infer<typeof Recommendation>;

/** One "Expedieras till" line: a person or role, where they sit, and how to reach them. */
export const Recipient = z
  .strictObject({
    name: Text.optional().meta({ description: 'Person, t.ex. "Tomas Jonsson"' }),
    role: Text.optional().meta({ description: 'Roll, t.ex. "Kommundirektör" eller "Beredskapschef"' }),
    organisation: Text.optional().meta({ description: 'Organisation som det står i handlingen' }),
    party: PartyId.optional().meta({ description: 'Parten i registret; utan e-post går utskicket till dess registrator' }),
    group: GroupId.optional().meta({ description: 'En grupp i registret, t.ex. lanets-kommuner: en mottagare per medlem' }),
    email: Email.optional(),
  })
  // A recipient without e-post, part or grupp is resolved by its name in the party registry (see
  // checkCaseAgainstRegistry): the documents write "Länets kommuner", not an id.
  .superRefine((r, ctx) => {
    if (r.group && (r.party || r.email)) {
      ctx.addIssue({ code: 'custom', path: ['group'], message: 'en grupp står för sig själv: ange inte part eller e-post tillsammans med grupp' });
    }
    if (!r.name && !r.role && !r.organisation && !r.party && !r.group) {
      ctx.addIssue({ code: 'custom', path: [], message: 'ange namn, roll eller organisation så att mottagaren går att känna igen' });
    }
  });
export type Recipient = z.infer<typeof Recipient>;

export const Beslutsunderlag = z.strictObject({
  title: Text,
  url: z.url({ error: unlessMissing('ska vara en webbadress (https://…)') }).optional(),
});
export type Beslutsunderlag = z.infer<typeof Beslutsunderlag>;

export const CaseRegistration = z
  .strictObject({
    dnr: Dnr,
    title: Text.meta({ description: 'Ärendemening' }),
    handlaggare: Handlaggare,
    tjansteskrivelse: Tjansteskrivelse,
    beredning: z.array(BeredningStep).default([]).meta({ description: 'Beredning före rekommendationsbeslutet, i tidsordning' }),
    recommendedBy: PartyId.optional().meta({
      description: 'Organet som antar rekommendationen; utelämnat = registrets samverkansråd (organisation.council), t.ex. RSR',
    }),
    rsrMeetingDate: IsoDate.meta({ description: 'Sammanträdet där rekommendationen beslutas (RSR, eller recommendedBy)' }),
    recommendation: Recommendation,
    expedierasTill: z.array(Recipient).default([]),
    beslutsunderlag: z.array(Beslutsunderlag).default([]),
  })
  .superRefine((c, ctx) => {
    if (compareDates(c.tjansteskrivelse.date, c.rsrMeetingDate) > 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['tjansteskrivelse', 'date'],
        message: `tjänsteskrivelsen (${c.tjansteskrivelse.date}) kan inte vara daterad efter sammanträdet ${c.rsrMeetingDate}`,
      });
    }
    c.beredning.forEach((step, i) => {
      // A beredning may predate the tjänsteskrivelse (the memo to the council is often written after
      // the bodies have prepared the matter, as in RS/62/2026); `beredning-recorded` takes it too.
      if (compareDates(step.meetingDate, c.rsrMeetingDate) > 0) {
        ctx.addIssue({
          code: 'custom',
          path: ['beredning', i, 'meetingDate'],
          message: `beredningen (${step.meetingDate}) ska ske före rekommendationsbeslutet ${c.rsrMeetingDate}`,
        });
      }
    });
    if (compareDates(c.recommendation.senast, c.rsrMeetingDate) <= 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['recommendation', 'senast'],
        message: `måste vara efter sammanträdet ${c.rsrMeetingDate} där rekommendationen beslutas`,
      });
    }
  });
export type CaseRegistration = z.infer<typeof CaseRegistration>;

/**
 * Checks the party references of a (valid) registration against the registry: every huvudman
 * exists and has a deciding organ, every referenced party and group exists.
 */
export function checkCaseAgainstRegistry(c: CaseRegistration, registry: PartyRegistry): FieldIssue[] {
  const issues: FieldIssue[] = [];
  const unknownParty = (id: string, path: string, field: string) => {
    if (!registry.get(id)) issues.push({ path, field, message: `"${id}" finns inte i partregistret` });
  };
  c.recommendation.huvudman.forEach((id, i) => {
    const path = `recommendation.huvudman.${i}`;
    const field = `Rekommendation › Huvudmän ${i + 1}`;
    const party = registry.get(id);
    if (!party) issues.push({ path, field, message: `"${id}" finns inte i partregistret` });
    else if (party.organs.length === 0) issues.push({ path, field, message: `${party.name} har inget beslutande organ i partregistret och kan inte ombes besluta` });
  });
  if (c.recommendedBy) unknownParty(c.recommendedBy, 'recommendedBy', 'Rekommenderande organ');
  c.beredning.forEach((step, i) => {
    if (step.party) unknownParty(step.party, `beredning.${i}.party`, `Beredning ${i + 1} › Part`);
  });
  c.expedierasTill.forEach((written, i) => {
    const r = resolveRecipient(written, registry);
    if (r.party) unknownParty(r.party, `expedierasTill.${i}.party`, `Expedieras till ${i + 1} › Part`);
    if (r.group && !registry.group(r.group)) {
      issues.push({ path: `expedierasTill.${i}.group`, field: `Expedieras till ${i + 1} › Grupp`, message: `"${r.group}" finns inte i partregistret` });
    }
    if (!r.email && !r.party && !r.group) {
      const named = written.organisation ?? written.name ?? written.role;
      issues.push({
        path: `expedierasTill.${i}`,
        field: `Expedieras till ${i + 1}`,
        message: named
          ? `"${named}" finns inte i partregistret som part eller grupp; ange e-post ("Namn <adress>"), en part eller en grupp ur registret`
          : 'mottagaren måste kunna nås: ange e-post, part eller grupp',
      });
    }
  });
  return issues;
}

/** The registration with every "Expedieras till" line written by name resolved to its party or group (see resolveRecipient). */
export function withResolvedRecipients(c: CaseRegistration, registry: PartyRegistry): CaseRegistration {
  return { ...c, expedierasTill: c.expedierasTill.map((r) => resolveRecipient(r, registry)) };
}

/** A beredning in the registration has happened: its meeting cannot lie after `today`. */
export function futureRegistrationFacts(c: CaseRegistration, today: IsoDate): FieldIssue[] {
  return c.beredning.flatMap((step, i) =>
    compareDates(step.meetingDate, today) > 0
      ? [{ path: `beredning.${i}.meetingDate`, field: `Beredning ${i + 1} › Sammanträdesdatum`, message: `sammanträdet (${step.meetingDate}) kan inte ligga i framtiden; i dag är det ${today}` }]
      : [],
  );
}

/** The body that adopts the recommendation: the case's own choice, else the registry's council. */
export function recommendingBody(c: CaseRegistration, registry: PartyRegistry): PartyId {
  return c.recommendedBy ?? registry.organisation.council;
}
