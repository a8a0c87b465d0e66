// What the HTTP API (and the CLI) needs from the case engine. The Temporal implementation is
// client/api/temporal-gateway.ts; routes depend only on this, so one code path serves API and CLI.
import { z } from 'zod';
import type { CaseRegistration } from '../../domain/case';
import type { HumanEvent } from '../../domain/events';
import type { DeliveryRecord } from '../../domain/notifications';
import type { LogEntry } from '../../domain/rules';
import { PartyId } from '../../domain/parties';
import type { EventReceipt } from '../../workflows/messages';
import type { FullCaseStatus } from '../cases';
import { IsoDate, MultiLineText } from '../../domain/values';

/** Filters of the case list; every one is a visibility query clause, never a scan. */
export const CaseListFilter = z.strictObject({
  stage: z.string().regex(/^[a-z-]+$/, 'okänt stadium').optional().meta({ description: 'registered, beredning, rsr-scheduled, rsr-decided, justerat, anslag, completed, withdrawn' }),
  party: PartyId.optional().meta({ description: 'Ärenden där denna huvudmans beslutsspår inte är avslutat (ej laga kraft, avslag, överklagat eller stängt)' }),
  overdue: z.enum(['true', 'false']).optional().meta({ description: 'true: bara ärenden med försenade huvudmän' }),
  deadlineBefore: IsoDate.optional().meta({ description: 'Nästa frist före detta datum' }),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Diarienummer eller text i rubriken' }),
  includeClosed: z.enum(['true', 'false']).optional().meta({ description: 'true: även avslutade och återkallade ärenden' }),
});
export type CaseListFilter = z.infer<typeof CaseListFilter>;

export const CaseListItem = z
  .object({
    dnr: z.string(),
    title: z.string(),
    stage: z.string(),
    pending: z.array(z.string()).meta({ description: 'Huvudmän som inte beslutat' }),
    overdue: z.array(z.string()).meta({ description: 'Huvudmän vars sista dag passerats' }),
    nextDeadline: z.string().optional(),
    running: z.boolean(),
    startedAt: z.string(),
  })
  .meta({ id: 'CaseListItem' });
export type CaseListItem = z.infer<typeof CaseListItem>;

export const OutstandingFilter = z.strictObject({
  party: PartyId.optional(),
  overdue: z.enum(['true', 'false']).optional(),
});
export type OutstandingFilter = z.infer<typeof OutstandingFilter>;

export const OutstandingItem = z
  .object({
    dnr: z.string(),
    party: z.string().meta({ description: 'Huvudmannens part-id, t.ex. krokom' }),
    partyName: z.string().meta({ description: 'Huvudmannens namn ur partregistret, t.ex. "Krokoms kommun" (id:t om parten saknas i registret)' }),
    state: z.string().meta({ description: 'requested, overdue, decided, justerat, anslag' }),
    detail: z
      .string()
      .optional()
      .meta({ description: 'Läget som översikten visar det: som state, eller reminded, aterremiss, bordlaggning medan spåret väntar på beslut; saknas för spår startade innan spåren förde det' }),
    nextDeadline: z.string().optional().meta({
      description:
        'Spårets datum: sista dag (senast) medan det är begärt, den passerade sista dagen när det är försenat, dagen för laga kraft under anslaget; saknas när spåret inte väntar på något datum (beslutat, justerat)',
    }),
    daysLeft: z.number().int().optional().meta({ description: 'Dagar från i dag (Europe/Stockholm) till nextDeadline; negativt: dagar sen' }),
    overdue: z.boolean(),
  })
  .meta({ id: 'OutstandingItem' });
export type OutstandingItem = z.infer<typeof OutstandingItem>;

/** The body of closing a huvudman's track (API and `arende close`). */
export const CloseTrackBody = z.strictObject({ reason: MultiLineText.min(3, 'ange ett skäl (minst 3 tecken)').max(2000) });
export type CloseTrackBody = z.infer<typeof CloseTrackBody>;

/** The body of retrying a delivery (API, the case page's form and `arende retry`). */
export const RetryDeliveryBody = z.strictObject({
  key: z.string().min(1, 'ange leveransens nyckel (key i ärendets status)'),
  attempt: z.number().int('ange försöket som ett heltal').min(2, 'försöket är minst 2 (det första var det ursprungliga utskicket)').optional(),
});
export type RetryDeliveryBody = z.infer<typeof RetryDeliveryBody>;

export interface CaseRecordExport {
  dnr: string;
  exportedAt: string;
  status: FullCaseStatus;
  events: LogEntry[];
  /** The Temporal histories, as JSON, of the case and of each of its decision tracks. */
  histories: { workflowId: string; history: unknown }[];
}

export class CaseNotFound extends Error {
  constructor(readonly dnr: string) {
    super(`ärendet ${dnr} finns inte`);
  }
}

/** A case that exists but has no decision track for the party named (404, saying so). */
export class TrackNotFound extends Error {}

/** A request the case refused (an update validator's rule): the message names the rule. */
export class CaseRefused extends Error {}

/**
 * A valid request that could not be carried out now: Temporal or the worker did not answer in time,
 * or the huvudman's decision track has not started yet. Nothing was recorded (or, after a timeout,
 * it may have been: sending the same request again records it once). The message says to try again
 * later; the API answers 503.
 */
export class CaseUnavailable extends Error {}

export interface CaseGateway {
  register(registration: CaseRegistration, actor: string): Promise<{ dnr: string; created: boolean; message: string }>;
  recordEvent(dnr: string, event: HumanEvent, actor: string): Promise<EventReceipt>;
  closeTrack(dnr: string, party: string, reason: string, actor: string): Promise<EventReceipt>;
  /** `attempt`: the attempt this retry will be (the record's attempts + 1 as the caller saw it); read from the case when not given. */
  retryDelivery(dnr: string, key: string, actor: string, attempt?: number): Promise<DeliveryRecord>;
  status(dnr: string): Promise<FullCaseStatus>;
  events(dnr: string): Promise<LogEntry[]>;
  list(filter: CaseListFilter): Promise<CaseListItem[]>;
  outstanding(filter: OutstandingFilter): Promise<OutstandingItem[]>;
  exportRecord(dnr: string): Promise<CaseRecordExport>;
}
