// Client-side helpers for the case workflows, used by the API and the CLI: start a case
// idempotently, route a human event to the workflow that owns it, read a case's full status.
import { createHash } from 'node:crypto';
import {
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { CaseRegistration, recommendingBody } from '../domain/case';
import { HumanEvent } from '../domain/events';
import type { PartySnapshot } from '../domain/rules';
import type { TrackStatus } from '../domain/track-rules';
import { eventParty } from '../domain/rules';
import { caseStage, initialCaseState } from '../domain/case-rules';
import { dispatchAddresses } from '../domain/dispatch';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../domain/dnr';
import { parseOrThrow } from '../domain/errors';
import type { DeliveryRecord } from '../domain/notifications';
import type { PartyRegistry } from '../domain/parties';
import { DnrAttribute, NextDeadlineAttribute, StageAttribute, TitleAttribute } from '../domain/search-attributes';
import { stockholmInstant } from '../domain/dates';
import type { caseWorkflow } from '../workflows/case-workflow';
import {
  CASE_WORKFLOW,
  TASK_QUEUE,
  caseStatusQuery,
  closeTrackUpdate,
  eventLogQuery,
  recordEventUpdate,
  retryDeliveryUpdate,
  trackStatusQuery,
  type CaseInput,
  type CaseStatus,
  type CloseTrackRequest,
  type EventReceipt,
  type EventRequest,
} from '../workflows/messages';
import type { LogEntry } from '../domain/rules';

/**
 * The workflow input: the registration plus what the case needs from the registry, resolved here
 * because workflows cannot read files (see `CaseInput`).
 */
export function caseInput(registration: CaseRegistration, registry: PartyRegistry): CaseInput {
  const snapshot = (id: string): PartySnapshot => {
    const party = registry.getOrThrow(id);
    return { id: party.id, name: party.name, organ: party.organs[0]!, registrator: party.registrator };
  };
  const ids = new Set<string>([...registration.recommendation.huvudman, ...registry.huvudman().map((p) => p.id)]);
  const { addresses, unresolved } = dispatchAddresses(registration.expedierasTill, registry);
  const body = registry.getOrThrow(recommendingBody(registration, registry));
  return {
    registration,
    parties: [...ids].map(snapshot),
    knownParties: registry.parties.map((p) => p.id),
    managerEmail: registry.organisation.managerEmail,
    recommendedBy: { id: body.id, name: body.name },
    expediering: addresses.map((a) => ({ to: a.to, label: a.label, ...(a.party ? { party: a.party } : {}) })),
    unresolved: unresolved.map((u) => ({ label: u.label, reason: u.reason })),
  };
}

export interface StartCaseResult {
  handle: WorkflowHandle<typeof caseWorkflow>;
  created: boolean;
  message: string;
}

/**
 * Starts the case for a registration, or returns the case that already has its Dnr: the workflow
 * id is derived from the Dnr, and Temporal refuses a second running (or closed) workflow with it.
 */
export async function startCase(
  client: Client,
  registration: CaseRegistration,
  registry: PartyRegistry,
  options: { taskQueue?: string } = {},
): Promise<StartCaseResult> {
  const valid = parseOrThrow(CaseRegistration, registration);
  const workflowId = workflowIdForDnr(valid.dnr);
  try {
    const handle = await client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW, {
      taskQueue: options.taskQueue ?? TASK_QUEUE,
      workflowId,
      args: [caseInput(valid, registry)],
      // Reject any second start for the same Dnr, even after the first case has closed.
      workflowIdReusePolicy: 'REJECT_DUPLICATE',
      typedSearchAttributes: [
        { key: DnrAttribute, value: valid.dnr },
        { key: TitleAttribute, value: valid.title },
        // The stage the case starts in (a registration may bring its beredning): its first row is then complete.
        { key: StageAttribute, value: caseStage(initialCaseState(valid)) },
        { key: NextDeadlineAttribute, value: new Date(stockholmInstant(valid.rsrMeetingDate)) },
      ],
    });
    return { handle, created: true, message: `Ärendet ${valid.dnr} är registrerat (${workflowId}).` };
  } catch (err) {
    if (!(err instanceof WorkflowExecutionAlreadyStartedError)) throw err;
    const handle = client.workflow.getHandle<typeof caseWorkflow>(workflowId);
    const described = await handle.describe();
    const state = described.status.name === 'RUNNING' ? 'pågår' : `är avslutat (${described.status.name})`;
    return {
      handle,
      created: false,
      message: `Ärendet ${valid.dnr} finns redan (${workflowId}, registrerat ${described.startTime.toISOString().slice(0, 10)}) och ${state}; inget nytt ärende skapades.`,
    };
  }
}

/** Canonical JSON (keys sorted), so the same request always hashes the same. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

/** The update id of a request: the same event sent twice is the same update (Temporal deduplicates it). */
export function requestUpdateId(kind: string, payload: unknown): string {
  return `${kind}:${createHash('sha256').update(canonicalJson(payload)).digest('hex').slice(0, 32)}`;
}

/**
 * Records a human event on the workflow that owns it: a huvudman's own events (its decision, the
 * justering and anslag of its protocol, an appeal against it) go to its decision track when it
 * exists; everything else, and a party event with no track, goes to the case, whose validator
 * refuses it with the rule (unknown party, not asked, not yet justerat).
 */
export async function recordEvent(client: Client, dnr: Dnr, request: EventRequest): Promise<EventReceipt> {
  // The event's shape is checked here, with the zod schema; the workflow checks it against the case.
  request = { ...request, event: parseOrThrow(HumanEvent, request.event) };
  const updateId = requestUpdateId('event', request.event);
  const party = eventParty(request.event);
  if (party) {
    const track = await runningTrack(client, dnr, party);
    if (track) return refusalsAsErrors(track.executeUpdate(recordEventUpdate, { args: [request], updateId }));
  }
  return refusalsAsErrors(client.workflow.getHandle(workflowIdForDnr(dnr)).executeUpdate(recordEventUpdate, { args: [request], updateId }));
}

/** The running track of `party`; waits briefly while the case is still starting it (just after justering). */
async function runningTrack(client: Client, dnr: Dnr, party: string): Promise<WorkflowHandle | undefined> {
  const handle = client.workflow.getHandle(trackWorkflowId(dnr, party as never));
  const deadline = Date.now() + 10_000;
  for (;;) {
    try {
      const described = await handle.describe();
      return described.status.name === 'RUNNING' ? handle : undefined;
    } catch (err) {
      if (!(err instanceof WorkflowNotFoundError)) throw err;
    }
    const status = await client.workflow.getHandle(workflowIdForDnr(dnr)).query(caseStatusQuery).catch(() => undefined);
    const starting = status?.tracks.some((t) => t.party === party && !t.final);
    if (!starting || Date.now() > deadline) return undefined;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** A refused or failed update, with the workflow's own message (the rule) as the error message. */
export class UpdateRefusedError extends Error {
  override name = 'UpdateRefusedError';
}

async function refusalsAsErrors<T>(update: Promise<T>): Promise<T> {
  try {
    return await update;
  } catch (err) {
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof Error) throw new UpdateRefusedError(err.cause.message, { cause: err });
    throw err;
  }
}

/** An administrator closes one huvudman's track with a reason. */
export async function closeTrack(client: Client, dnr: Dnr, party: string, request: CloseTrackRequest): Promise<EventReceipt> {
  const handle = client.workflow.getHandle(trackWorkflowId(dnr, party as never));
  return refusalsAsErrors(handle.executeUpdate(closeTrackUpdate, { args: [request], updateId: requestUpdateId('close', { party, reason: request.reason }) }));
}

/** Retries a failed delivery on the workflow that holds it (the case, or the track of `party`). */
export async function retryDelivery(client: Client, dnr: Dnr, key: string, actor: string, party?: string): Promise<DeliveryRecord> {
  const id = party ? trackWorkflowId(dnr, party as never) : workflowIdForDnr(dnr);
  return refusalsAsErrors(client.workflow.getHandle(id).executeUpdate(retryDeliveryUpdate, { args: [{ key, actor }] }));
}

export interface FullCaseStatus extends CaseStatus {
  /** Every track's live status: queried from running tracks, taken from the case for final ones. */
  trackStatus: TrackStatus[];
}

/** The case's status with every track's current state, dates, reminders and next timer. */
export async function caseStatus(client: Client, dnr: Dnr): Promise<FullCaseStatus> {
  const status = await client.workflow.getHandle(workflowIdForDnr(dnr)).query(caseStatusQuery);
  const trackStatus: TrackStatus[] = [];
  const BATCH = 25;
  for (let i = 0; i < status.tracks.length; i += BATCH) {
    const batch = status.tracks.slice(i, i + BATCH);
    trackStatus.push(
      ...(await Promise.all(
        batch.map((t) => t.final ?? client.workflow.getHandle(trackWorkflowId(dnr, t.party)).query(trackStatusQuery)),
      )),
    );
  }
  return { ...status, trackStatus };
}

/** The case's event log merged with its tracks' logs, in time order. */
export async function caseEventLog(client: Client, dnr: Dnr): Promise<LogEntry[]> {
  const full = await caseStatus(client, dnr);
  const own = await client.workflow.getHandle(workflowIdForDnr(dnr)).query(eventLogQuery);
  const merged = [...own, ...full.trackStatus.flatMap((t) => t.log)];
  return merged.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0)).map((e, i) => ({ ...e, seq: i + 1 }));
}
