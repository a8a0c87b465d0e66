// Notifications: the contract between the case workflows (which decide WHAT is sent, to whom and
// when) and the e-mail activity (which decides HOW: nodemailer, templates, Message-ID, .ics).
//
// Each notification has a stable identity (domain/notification-key.ts: case, recipient, kind and
// what else makes it distinct). The same identity is sent at most once (the activity derives the Message-ID from `notificationKey`, so a
// retried activity never produces a second e-mail). The workflows build these payloads; the activity
// validates them with `Notification` before sending.
//
// Delivery outcome: temporary failures (SMTP 4xx, connection refused, timeouts) THROW, so Temporal
// retries with backoff; permanent failures (SMTP 5xx, rejected address) RETURN `failed`; a recipient
// without an address RETURNS `undeliverable`. The workflow records every outcome on the case (status
// query and event log), and an administrator can retry a failed delivery (`retryDelivery` update).
import { z } from 'zod';
import { Email, PartyId } from './parties';
import { Beslutsunderlag, Handlaggare, MultiLineText, Paragraf, Points, Text } from './case';
import { DecisionOutcome, Justering } from './events';
import { Dnr, IsoDate, IsoInstant } from './values';

export const NotificationKind = z
  .enum(['protokollsutdrag', 'protokollsutdrag-huvudman', 'begaran', 'paminnelse', 'forsenad', 'beslut-registrerat', 'laga-kraft', 'aterkallelse', 'rattelse', 'overklagat'])
  .meta({
    description:
      'protokollsutdrag = RSR-beslutet till Expedieras till; protokollsutdrag-huvudman = en huvudmans eget beslut till dess Expedieras till; begaran = begäran om beslut till huvudmannens registrator; ' +
      'paminnelse = påminnelse före sista dag; forsenad = eskalering till samordningskansliet när sista dagen passerats; ' +
      'beslut-registrerat = bekräftelse att huvudmannens beslut tagits emot; laga-kraft = bekräftelse att beslutet vunnit laga kraft; ' +
      'aterkallelse = ärendet har återkallats; rattelse = en registrerad uppgift har rättats (till registratorn och samordningskansliet); ' +
      'overklagat = ett överklagande inom tiden av en huvudmans eller RSR:s beslut har registrerats efter laga kraft (laga kraft gäller inte)',
  });
export type NotificationKind = z.infer<typeof NotificationKind>;

/** The kinds' words live in domain/words.ts (zod-free: the workflows' timeline uses them). */
export { NOTIFICATION_KIND_LABELS } from './words';

/** Who the message is for. `email` is absent when nobody knows an address (the delivery is then undeliverable). */
export const NotificationRecipient = z.strictObject({
  label: Text.meta({ description: 'Mottagaren som en människa läser det, t.ex. "Krokoms kommun (registrator)"' }),
  email: Email.optional(),
  party: PartyId.optional(),
});
export type NotificationRecipient = z.infer<typeof NotificationRecipient>;

/** The case facts every message may cite (a subset of the registration). */
export const NotificationCase = z.strictObject({
  dnr: Dnr,
  title: Text,
  handlaggare: Handlaggare,
  summary: MultiLineText.meta({ description: 'Tjänsteskrivelsens sammanfattning' }),
  recommendedBy: z.strictObject({ id: PartyId, name: Text }).meta({ description: 'Organet som antog rekommendationen (RSR)' }),
  beslutsunderlag: z.array(Beslutsunderlag),
});
export type NotificationCase = z.infer<typeof NotificationCase>;

/** The recommending body's decision, with its justering and anslag when known. */
export const NotificationRsrDecision = z.strictObject({
  meetingDate: IsoDate,
  paragraf: Paragraf,
  beslut: Points,
  justering: Justering.optional(),
  anslagPosted: IsoDate.optional(),
});
export type NotificationRsrDecision = z.infer<typeof NotificationRsrDecision>;

/** One huvudman's decision track: what it is asked to decide and by when. */
export const NotificationTrack = z.strictObject({
  party: PartyId,
  partyName: Text,
  organ: Text.meta({ description: 'Beslutande organ som ombeds besluta, t.ex. "Kommunstyrelsen"' }),
  points: Points,
  senast: IsoDate,
});
export type NotificationTrack = z.infer<typeof NotificationTrack>;

/** A huvudman's recorded decision, as cited in a confirmation. */
export const NotificationDecision = z.strictObject({
  organ: Text,
  meetingDate: IsoDate,
  paragraf: Paragraf,
  outcome: DecisionOutcome,
  beslut: Points.optional(),
  justering: Justering.optional(),
  anslagPosted: IsoDate.optional(),
  lastAppealDay: IsoDate.optional(),
  lagaKraft: IsoDate.optional(),
});
export type NotificationDecision = z.infer<typeof NotificationDecision>;

const base = {
  dnr: Dnr,
  occurrence: Text.meta({
    description: 'Vilket tillfälle meddelandet gäller, t.ex. "rsr-2026-01-26-§2", "2026-04-16" (påminnelsens dag) eller "1" (första begäran)',
  }),
  recipient: NotificationRecipient,
  case: NotificationCase,
  keyVersion: z.literal(2).optional().meta({
    description: 'Nyckelns version (domain/notification-key.ts): 2 = nyckeln namnger allt som skiljer meddelandet från andra; utelämnad i meddelanden som byggdes före den ändringen',
  }),
  issuedOn: IsoDate.optional().meta({
    description: 'Dagen då ärendet skickade meddelandet (ett nytt försök: den dagen); en rapportlänk i meddelandet gäller minst 30 dagar från den',
  }),
};

export const Notification = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('protokollsutdrag'), ...base, rsr: NotificationRsrDecision }),
  z.strictObject({ kind: z.literal('protokollsutdrag-huvudman'), ...base, track: NotificationTrack, decision: NotificationDecision }),
  z.strictObject({ kind: z.literal('begaran'), ...base, rsr: NotificationRsrDecision, track: NotificationTrack }),
  z.strictObject({
    kind: z.literal('paminnelse'),
    ...base,
    rsr: NotificationRsrDecision,
    track: NotificationTrack,
    workingDaysLeft: z.int().min(0).meta({ description: 'Arbetsdagar kvar till sista dagen (10, 3, …)' }),
  }),
  z.strictObject({
    kind: z.literal('forsenad'),
    ...base,
    track: NotificationTrack,
    overdueSince: IsoDate.meta({ description: 'Första dagen efter sista dagen' }),
  }),
  z.strictObject({ kind: z.literal('beslut-registrerat'), ...base, track: NotificationTrack, decision: NotificationDecision }),
  z.strictObject({ kind: z.literal('laga-kraft'), ...base, track: NotificationTrack, decision: NotificationDecision }),
  z.strictObject({
    kind: z.literal('rattelse'),
    ...base,
    track: NotificationTrack.optional().meta({ description: 'Huvudmannens beslutsspår; saknas när ärendets eget (RSR:s) protokoll rättas' }),
    correction: z.strictObject({
      what: Text.meta({ description: 'Vad som rättats, t.ex. "anslaget"' }),
      changes: z.array(Text).min(1).meta({ description: 'Varje ändring, t.ex. "uppsatt 2026-11-02 → 2026-11-20"' }),
      reason: Text,
      by: Text,
      lagaKraftWithdrawn: IsoDate.optional().meta({ description: 'Laga kraft gäller inte längre; den nya dagen för laga kraft' }),
    }),
  }),
  // A huvudman's decision (`track`, `decision`) or the case's own, RSR's (`rsr`), appealed after laga kraft.
  z.strictObject({
    kind: z.literal('overklagat'),
    ...base,
    track: NotificationTrack.optional().meta({ description: 'Huvudmannens beslutsspår; saknas när RSR:s eget beslut är överklagat' }),
    decision: NotificationDecision.optional().meta({ description: 'Huvudmannens beslut; saknas när RSR:s eget beslut är överklagat' }),
    rsr: NotificationRsrDecision.optional().meta({ description: 'RSR:s beslut, när det är det som är överklagat' }),
    appeal: z.strictObject({
      filedOn: IsoDate,
      appellant: Text.optional(),
      court: Text.optional(),
      lastAppealDay: IsoDate.optional().meta({ description: 'Sista dag att överklaga (för RSR:s beslut; en huvudmans står i decision)' }),
    }),
  }),
  z.strictObject({
    kind: z.literal('aterkallelse'),
    ...base,
    withdrawal: z.strictObject({ date: IsoDate, reason: MultiLineText, decidedBy: Text.optional() }),
  }),
]);
export type Notification = z.infer<typeof Notification>;

export const DeliveryStatus = z.enum(['sent', 'failed', 'undeliverable']);
export type DeliveryStatus = z.infer<typeof DeliveryStatus>;

/** What the activity returns. A temporary failure is never returned: the activity throws and Temporal retries. */
export const DeliveryOutcome = z.strictObject({
  status: DeliveryStatus,
  messageId: z.string().min(1).meta({ description: 'Message-ID, härlett ur notificationKey (samma för ett nytt försök)' }),
  attemptedAt: IsoInstant,
  detail: z.string().optional().meta({ description: 'SMTP-svar eller skäl, t.ex. "550 mailbox unavailable"' }),
});
export type DeliveryOutcome = z.infer<typeof DeliveryOutcome>;

/** One delivery as recorded on the case (status query, event log); `failed` ones can be retried. */
export const DeliveryRecord = z.strictObject({
  key: z.string(),
  kind: NotificationKind,
  occurrence: z.string(),
  recipient: NotificationRecipient,
  status: DeliveryStatus,
  messageId: z.string(),
  attemptedAt: IsoInstant,
  detail: z.string().optional(),
  attempts: z.int().min(1),
});
export type DeliveryRecord = z.infer<typeof DeliveryRecord>;
