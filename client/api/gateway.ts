// What the HTTP API (and the CLI) needs from the case engine. The Temporal implementation is
// client/api/temporal-gateway.ts (its lists read the read model: client/api/read-model-lists.ts);
// routes depend only on this, so one code path serves API and CLI.
import { z } from 'zod';
import type { CaseRegistration } from '../../domain/case';
import type { HumanEvent } from '../../domain/events';
import { DeliveryStatus, NotificationKind, type DeliveryRecord } from '../../domain/notifications';
import { RetryingDelivery } from '../../domain/delivery-attempts';
import type { LogEntry } from '../../domain/rules';
import { PartyId } from '../../domain/parties';
import type { EventReceipt } from '../../workflows/messages';
import type { FullCaseStatus } from '../cases';
import { IsoDate, MultiLineText } from '../../domain/values';
import { CASE_STAGES } from '../../domain/case-rules';

/** A list's page size: `limit` items from `offset` (GET /api/v1/cases and /api/v1/outstanding). */
export const DEFAULT_PAGE_LIMIT = 100;
export const MAX_PAGE_LIMIT = 1000;
const Paging = {
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_LIMIT).default(DEFAULT_PAGE_LIMIT).meta({ description: `Högst så många poster (standard ${DEFAULT_PAGE_LIMIT}, högst ${MAX_PAGE_LIMIT})` }),
  offset: z.coerce.number().int().min(0).default(0).meta({ description: 'Hoppa över så många poster (nästa sida: offset + limit)' }),
};
/** What a caller of the gateway asks for: a page, or (no limit) every match. */
export interface PageRequest { limit?: number; offset?: number }

/** Filters of the case list; each one a clause of one read-model query (readmodel/queries.ts), never a scan. */
export const CaseListFilter = z.strictObject({
  stage: z.string().refine((s) => (CASE_STAGES as readonly string[]).includes(s), `okänt stadium; ett av: ${CASE_STAGES.join(', ')}`).optional().meta({ description: CASE_STAGES.join(', ') }),
  party: PartyId.optional().meta({ description: 'Ärenden där denna huvudmans beslutsspår inte är avslutat (ej laga kraft, avslag, överklagat eller stängt)' }),
  overdue: z.enum(['true', 'false']).optional().meta({ description: 'true: bara ärenden med försenade huvudmän; false: bara ärenden utan' }),
  deadlineBefore: IsoDate.optional().meta({ description: 'Nästa frist före detta datum' }),
  q: z.string().trim().min(1).max(200).optional().meta({ description: 'Text i diarienumret eller rubriken (skiftlägesokänsligt; RS-62-2026 söker RS/62/2026)' }),
  includeClosed: z.enum(['true', 'false']).optional().meta({ description: 'true: även avslutade och återkallade ärenden' }),
});
export type CaseListFilter = z.infer<typeof CaseListFilter>;
/** GET /api/v1/cases's query: the filters and the page. */
export const CaseListQuery = CaseListFilter.extend(Paging);

export const CaseListItem = z
  .object({
    dnr: z.string(),
    title: z.string(),
    stage: z.string(),
    rsrMeetingDate: z.string().meta({ description: 'RSR:s sammanträde (listan ordnas efter det, senaste först, sedan Dnr)' }),
    open: z.boolean().meta({ description: 'false: avslutat eller återkallat' }),
    pending: z.array(z.string()).meta({ description: 'Huvudmän vars beslutsspår inte är avslutat (ej beslutat, eller väntar på justering, anslag eller laga kraft)' }),
    overdue: z.array(z.string()).meta({ description: 'Huvudmän vars sista dag passerats utan beslut' }),
    nextDeadline: z.string().optional().meta({ description: 'Ärendets nästa datum (sista dag för besluten, sista dag att överklaga RSR:s beslut); saknas när inget väntar' }),
  })
  .meta({ id: 'CaseListItem' });
export type CaseListItem = z.infer<typeof CaseListItem>;

export const OutstandingFilter = z.strictObject({
  party: PartyId.optional(),
  overdue: z.enum(['true', 'false']).optional().meta({ description: 'true: bara försenade spår; false: bara de som inte är försenade' }),
});
export type OutstandingFilter = z.infer<typeof OutstandingFilter>;
/** GET /api/v1/outstanding's query: the filters and the page. */
export const OutstandingQuery = OutstandingFilter.extend(Paging);

export const OutstandingItem = z
  .object({
    dnr: z.string(),
    party: z.string().meta({ description: 'Huvudmannens part-id, t.ex. krokom' }),
    partyName: z.string().meta({ description: 'Huvudmannens namn ur partregistret, t.ex. "Krokoms kommun" (ärendets namn på parten om den saknas i registret)' }),
    state: z.string().meta({ description: 'requested, overdue, decided, justerat, anslag' }),
    detail: z
      .string()
      .optional()
      .meta({ description: 'Läget som översikten visar det: som state, eller reminded, aterremiss, bordlaggning medan spåret väntar på beslut' }),
    nextDeadline: z.string().optional().meta({
      description:
        'Spårets datum: sista dag (senast) medan det är begärt, den passerade sista dagen när det är försenat, dagen för laga kraft under anslaget; saknas när spåret inte väntar på något datum (beslutat, justerat)',
    }),
    daysLeft: z.number().int().optional().meta({ description: 'Dagar från i dag (Europe/Stockholm) till nextDeadline; negativt: dagar sen' }),
    overdue: z.boolean(),
  })
  .meta({ id: 'OutstandingItem' });
export type OutstandingItem = z.infer<typeof OutstandingItem>;

/** One page of a list, with the number of matches in all. */
function pageOf<T extends z.ZodType>(item: T, id: string) {
  return z
    .object({
      items: z.array(item),
      total: z.number().int().meta({ description: 'Antal träffar i hela listan' }),
      limit: z.number().int(),
      offset: z.number().int(),
    })
    .meta({ id });
}
export const CaseListPage = pageOf(CaseListItem, 'CaseListPage');
export type CaseListPage = z.infer<typeof CaseListPage>;
export const OutstandingPage = pageOf(OutstandingItem, 'OutstandingPage');
export type OutstandingPage = z.infer<typeof OutstandingPage>;

/**
 * GET /api/v1/cases/:dnr's answer, as far as it is documented field by field: the deliveries done
 * and those being retried (issue 14, 1c). The rest of the status passes as it is (loose object).
 */
export const CaseStatusResponse = z
  .looseObject({
    dnr: z.string(),
    stage: z.string(),
    deliveries: z
      .array(z.looseObject({ key: z.string(), kind: NotificationKind, status: DeliveryStatus, attempts: z.int().min(1), attemptedAt: z.string() }))
      .meta({ description: 'Ärendets egna utskick som är klara (skickade, misslyckade eller omöjliga att leverera); beslutsspårens står i trackStatus[].deliveries. Ett utskick står här en gång, när det gått fram eller getts upp.' }),
    retrying: z.array(RetryingDelivery).meta({
      description:
        'Utskick (ärendets och beslutsspårens) som ännu inte gått fram och försöker igen efter ett tillfälligt fel, t.ex. när e-postservern inte går att nå: ' +
        'ett per mottagare, med försökets nummer, när det misslyckades, felet i ord och när nästa försök görs. Tomt när inget försöker igen; ' +
        'ett utskick som gått fram står i stället i deliveries.',
    }),
  })
  .meta({ id: 'CaseStatus', description: 'Ärendets status: stadium, beslut, varje beslutsspår (trackStatus), utskick (deliveries) och utskick som försöker igen (retrying)' });

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
  /** The case list from the read model: open cases (all with includeClosed), newest RSR meeting first; every match without `limit`. */
  list(query: CaseListFilter & PageRequest): Promise<CaseListPage>;
  /** The tracks not final from the read model, the nearest date first; every match without `limit`. */
  outstanding(query: OutstandingFilter & PageRequest): Promise<OutstandingPage>;
  exportRecord(dnr: string): Promise<CaseRecordExport>;
}
