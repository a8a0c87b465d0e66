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

export const HumanEvent = z.discriminatedUnion(
  'type',
  [BeredningRecorded, RsrDecided, JusteringRecorded, AnslagPosted, HuvudmanDecided, AppealFiled, Withdrawn],
  { error: (issue) => (issue.code === 'invalid_union' ? `okänd händelsetyp; tillåtna: ${HUMAN_EVENT_TYPES.join(', ')}` : undefined) },
);
export type HumanEvent = z.infer<typeof HumanEvent>;
export type HumanEventType = HumanEvent['type'];
