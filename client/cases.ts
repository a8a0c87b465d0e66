// Client-side helpers for the case workflows, used by the API and the CLI: start a case
// idempotently, route a human event to the workflow that owns it, read a case's full status.
import { createHash } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  ServiceError,
  WorkflowExecutionAlreadyStartedError,
  WorkflowNotFoundError,
  WorkflowUpdateFailedError,
  isGrpcServiceError,
  type Client,
  type WorkflowHandle,
} from '@temporalio/client';
import { CaseRegistration, checkCaseAgainstRegistry, futureRegistrationFacts, recommendingBody, withResolvedRecipients } from '../domain/case';
import { HumanEvent } from '../domain/events';
import type { PartySnapshot } from '../domain/rules';
import type { TrackStatus } from '../domain/track-rules';
import { eventParty, refuse } from '../domain/rules';
import { applyCaseEvent, caseStage, checkPartyEventAtCase, initialCaseState } from '../domain/case-rules';
import { applyCaseCorrection, applyLateTrackEvent, checkLateCaseEvent, checkLateTrackEvent, structuredCopy, trackStateFromStatus } from '../domain/corrections';
import { dispatchAddresses, recipientLabel } from '../domain/dispatch';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../domain/dnr';
import { ValidationError, parseOrThrow, type FieldIssue } from '../domain/errors';
import { fieldLabel } from '../domain/field-labels';
import { IMPOSSIBLE_FACT, ImpossibleFactError } from '../domain/facts';
import { caseRuleFlags, trackRuleFlags, type RuleFlag } from '../domain/rule-flags';
import { ApplicationFailure } from '@temporalio/common';
import type { DeliveryRecord } from '../domain/notifications';
import { MESSAGE_KEY_VERSION } from '../domain/notification-key';
import type { PartyRegistry } from '../domain/parties';
import { DnrAttribute, NextDeadlineAttribute, StageAttribute, TitleAttribute } from '../domain/search-attributes';
import { stockholmDate, stockholmInstant, type IsoDate } from '../domain/dates';
import type { caseWorkflow } from '../workflows/case-workflow';
import {
  CASE_WORKFLOW,
  TASK_QUEUE,
  caseSnapshotQuery,
  caseStatusQuery,
  closeTrackUpdate,
  eventLogQuery,
  recordEventUpdate,
  retryDeliveryUpdate,
  trackStatusQuery,
  type CaseInput,
  type CaseSnapshot,
  type CaseStatus,
  type CaseStatusDocument,
  type CloseTrackRequest,
  type DecisionDispatch,
  type EventReceipt,
  type EventRequest,
} from '../workflows/messages';
import type { LogEntry } from '../domain/rules';
import type { ReadModel } from '../readmodel/open';
import { storedCaseStatus, trackStatuses } from '../readmodel/queries';
import { retryingDeliveries } from '../readmodel/delivery-attempts';
import type { RetryingDelivery } from '../domain/delivery-attempts';
import { acceptedUpdate, answeredQuery } from './temporal/worker-answer';

/**
 * The workflow input: the registration plus what the case needs from the registry, resolved here
 * because workflows cannot read files (see `CaseInput`).
 */
export function caseInput(registration: CaseRegistration, registry: PartyRegistry, registeredBy?: string): CaseInput {
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
    recommendedBy: { id: body.id, name: body.name, ...(body.shortName ? { shortName: body.shortName } : {}) },
    expediering: addresses.map((a) => ({ to: a.to, label: a.label, ...(a.party ? { party: a.party } : {}) })),
    unresolved: unresolved.map((u) => ({ label: u.label, reason: u.reason })),
    ...(registeredBy ? { registeredBy } : {}),
    messageKeys: MESSAGE_KEY_VERSION,
    readModel: 1,
    mailAfterReply: 1,
  };
}

/**
 * The addresses of a huvudman decision's own "Expedieras till" (e.g. regionstyrelsen's §31), resolved
 * like the case's (`caseInput`), for the track to dispatch when the decision's protocol is justerat.
 * A line the registry cannot resolve (an unknown party or group) is bad input, the line named.
 */
export function decisionDispatch(event: HumanEvent, registry: PartyRegistry): DecisionDispatch | undefined {
  if (event.type !== 'huvudman-decided' || !event.expedierasTill?.length) return undefined;
  const { addresses, unresolved } = dispatchAddresses(event.expedierasTill, registry);
  if (unresolved.length > 0) {
    throw new ValidationError(unresolved.map((u) => ({ path: `expedierasTill.${u.index}`, field: `Expedieras till ${u.index + 1}`, message: u.reason })));
  }
  return {
    lines: event.expedierasTill.map((r) => recipientLabel(r, registry)),
    to: addresses.map((a) => ({ to: a.to, label: a.label, ...(a.party ? { party: a.party } : {}) })),
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
  options: {
    taskQueue?: string;
    /** Who registers it: the case log's first actor. */
    actor?: string;
    /** Called once the registration is valid, before anything is sent (the API's check that a worker runs). */
    beforeStart?: () => Promise<void>;
  } = {},
): Promise<StartCaseResult> {
  const parsed = parseOrThrow(CaseRegistration, registration);
  // Every way in (API, form, CLI) comes here: unknown parties and groups, and a beredning in the
  // future, are bad input naming the field, never a failure further on.
  const issues = [...checkCaseAgainstRegistry(parsed, registry), ...futureRegistrationFacts(parsed, stockholmDate(Date.now()))];
  if (issues.length > 0) throw new ValidationError(issues);
  const valid = withResolvedRecipients(parsed, registry);
  const workflowId = workflowIdForDnr(valid.dnr);
  await options.beforeStart?.();
  try {
    const handle = await client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW, {
      taskQueue: options.taskQueue ?? TASK_QUEUE,
      workflowId,
      args: [caseInput(valid, registry, options.actor)],
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

/** How a party's event finds its decision track (see `recordEvent`). */
export interface RoutingOptions {
  /** Resolves a decision's own "Expedieras till" (`decisionDispatch`); an event that has one needs it. */
  registry?: PartyRegistry;
  /**
   * How long an event for a track the case is starting waits for it to start, and how long the
   * case may take to say whether it is starting one (ARENDE_TRACK_START_WAIT_SECONDS; default 5 min).
   */
  trackStartWaitMs?: number;
  /** The clock a late event for an ended case is checked by (reopenCase); tests on the time-skipping server pass its time. */
  now?: () => number;
  /**
   * How long a worker has to accept the event or answer a query (ARENDE_WORKER_ANSWER_SECONDS;
   * client/temporal/worker-answer.ts); without it, the event waits for a worker as long as it takes.
   */
  workerAnswerMs?: number;
  /** Called once the event is valid, before anything is sent (the API's check that a worker runs). */
  beforeSend?: () => Promise<void>;
}

export const DEFAULT_TRACK_START_WAIT_MS = 5 * 60_000;
/** Without a worker bound, one query of the case may take this long; the server gives up after 30 s without a worker. */
const QUERY_ATTEMPT_MS = 30_000;
/** While waiting for a track, the case is asked again this often (it may be withdrawn meanwhile). */
const CASE_RECHECK_MS = 10_000;

/**
 * Nothing was recorded because Temporal or the worker did not answer in time, or the case's track
 * for the party has not started within the bound: the request is valid, try it again later
 * (the API answers 503). The message says so, in Swedish.
 */
export class TryLaterError extends Error {
  override name = 'TryLaterError';
}

/**
 * Records a human event on the workflow that owns it. A huvudman's own events (its decision, the
 * justering and anslag of its protocol, an appeal against it) belong to its decision track; the
 * rest to the case. Where a party event goes follows from facts, not from timing:
 *
 * 1. It is sent to the party's track: when the track runs (the normal case) that is the one call.
 * 2. No such running track (Temporal answers NotFound): the case is asked whether it has, or is
 *    starting, that track (justerat, the party asked, its track not final). A failed or timed-out
 *    query is no answer: it is asked again, with backoff, until it answers.
 * 3. If the case is starting the track, the event waits for it, with backoff, asking the case again
 *    now and then; if the track has not started within `trackStartWaitMs`, a TryLaterError says so.
 * 4. Otherwise the event goes to the case, whose validator refuses it with the rule (unknown party,
 *    not asked, not yet justerat, track final, case withdrawn). Should the case have been justerat
 *    in between (it refuses, naming the track), the event goes back to step 1.
 *
 * The same update id goes to track and case, so a repeated request is one event either way.
 */
export async function recordEvent(client: Client, dnr: Dnr, request: EventRequest, options: RoutingOptions = {}): Promise<EventReceipt> {
  // The event's shape is checked here, with the zod schema; the workflow checks it against the case.
  request = { ...request, event: parseOrThrow(HumanEvent, request.event) };
  // A party the registry does not know is bad input naming the field (400), before any workflow is asked.
  const named = eventParty(request.event);
  if (named && options.registry && !options.registry.get(named)) {
    throw new ValidationError([{ path: 'party', field: fieldLabel('party'), message: `"${named}" finns inte i partregistret` }]);
  }
  if (request.event.type === 'huvudman-decided' && request.event.expedierasTill) {
    if (!options.registry) throw new Error('recordEvent: ett beslut med Expedieras till behöver partregistret (options.registry)');
    const expediering = decisionDispatch(request.event, options.registry);
    if (expediering) request = { ...request, expediering };
  }
  const updateId = requestUpdateId('event', request.event);
  await options.beforeSend?.();
  const caseHandle = client.workflow.getHandle(workflowIdForDnr(dnr));
  const toCase = async () => {
    try {
      return await refusalsAsErrors(acceptedUpdate(client, caseHandle, recordEventUpdate, { args: [request], updateId }, options.workerAnswerMs));
    } catch (err) {
      // An ended case takes a late event (a timely appeal, a correction) in a new run (reopenCase).
      if (err instanceof WorkflowNotFoundError && (await caseHandle.describe().then((d) => d.status.name === 'COMPLETED', () => false))) return reopenCase(client, dnr, request, options);
      throw err;
    }
  };
  const party = eventParty(request.event);
  if (!party) return toCase();

  const trackId = trackWorkflowId(dnr, party);
  const track = client.workflow.getHandle(trackId);
  /** The track's receipt, or undefined when no running track has that id (not started yet, or closed). */
  const toTrack = async (): Promise<EventReceipt | undefined> => {
    try {
      return await refusalsAsErrors(acceptedUpdate(client, track, recordEventUpdate, { args: [request], updateId }, options.workerAnswerMs));
    } catch (err) {
      if (err instanceof WorkflowNotFoundError) return undefined;
      throw err;
    }
  };

  const first = await toTrack();
  if (first) return first;

  const deadline = Date.now() + (options.trackStartWaitMs ?? DEFAULT_TRACK_START_WAIT_MS);
  let delay = 100;
  for (;;) {
    const status = await answeredCaseStatus(client, dnr, deadline, options.workerAnswerMs);
    if (startsTrackFor(status, party)) {
      // Wait for the track, asking the case again after a while.
      const recheckAt = Math.min(Date.now() + CASE_RECHECK_MS, deadline);
      while (Date.now() < recheckAt) {
        await sleep(Math.max(0, Math.min(delay, recheckAt - Date.now())));
        delay = Math.min(delay * 1.5, 2_000);
        const receipt = await toTrack();
        if (receipt) return receipt;
      }
      if (Date.now() >= deadline) throw new TryLaterError(trackNotStartedMessage(status, party));
      continue;
    }
    try {
      // The case has ended: a late event for its ended track reopens both (reopenCase).
      if (status.stage === 'completed') return await reopenCase(client, dnr, request, options);
      return await toCase();
    } catch (err) {
      // Refused because the case has just become justerat and now routes the party to its track.
      if (!(err instanceof UpdateRefusedError && err.message.includes(`beslutsspåret ${trackId}`))) throw err;
    }
    const receipt = await toTrack();
    if (receipt) return receipt;
    if (Date.now() >= deadline) throw new TryLaterError(trackNotStartedMessage(status, party));
  }
}

/**
 * A late event for an ended case (docs/late-events.md): a timely appeal against RSR's decision or a
 * huvudman's decision after laga kraft, or a correction. Temporal keeps the closed run; a new run of
 * the same workflow id (allowed by the ALLOW_DUPLICATE reuse policy, and only once the previous run
 * has closed) starts from the previous run's state, takes the event, reopens the track it concerns,
 * and ends when everything is final again. The event is checked here first, with the same pure rules
 * against the same state, so a refusal starts nothing.
 */
export async function reopenCase(client: Client, dnr: Dnr, request: EventRequest, options: RoutingOptions = {}): Promise<EventReceipt> {
  const handle = client.workflow.getHandle(workflowIdForDnr(dnr));
  const described = await handle.describe();
  const snapshot = await answeredQuery(client, handle, caseSnapshotQuery, options.workerAnswerMs);
  const receipt = fieldRefusalsAsErrors(() => lateCaseReceipt(snapshot, request, stockholmDate((options.now ?? Date.now)())));
  const { state } = snapshot;
  try {
    await client.workflow.start<typeof caseWorkflow>(CASE_WORKFLOW, {
      taskQueue: described.taskQueue,
      workflowId: handle.workflowId,
      args: [{ ...snapshot.input, resume: { state, log: snapshot.log, deliveries: snapshot.deliveries, request } }],
      // A new run only when the last one has closed: a running one takes the event as an update.
      workflowIdReusePolicy: 'ALLOW_DUPLICATE',
      typedSearchAttributes: [
        { key: DnrAttribute, value: state.dnr },
        { key: TitleAttribute, value: state.title },
        { key: StageAttribute, value: 'completed' },
      ],
    });
  } catch (err) {
    // Another request reopened it first: this one goes to that run.
    if (err instanceof WorkflowExecutionAlreadyStartedError) return recordEvent(client, dnr, request, options);
    throw err;
  }
  return receipt;
}

/** The receipt of a late event for an ended case, from its snapshot; refuses it with the rule as the case would. */
export function lateCaseReceipt(snapshot: CaseSnapshot, request: EventRequest, today: IsoDate): EventReceipt {
  const { state, input, log } = snapshot;
  const { event } = request;
  if (state.withdrawn) refuse(event.type, `${state.dnr} är återkallat (${state.withdrawn.date}) och tar inte emot fler händelser`);
  const party = eventParty(event);
  if (party === undefined) {
    checkLateCaseEvent(state, event, today);
    const copy = structuredCopy({ ...state, completed: false });
    const message = event.type === 'correction-recorded' ? applyCaseCorrection(copy, event).text : applyCaseEvent(copy, event);
    return { seq: log.length + 1, stage: 'completed', message };
  }
  const view = state.tracks.find((t) => t.party === party);
  if (!view?.final) {
    checkPartyEventAtCase(state, event, input.knownParties, trackWorkflowId(state.dnr, party)); // refuses, naming the rule
    throw new Error(`${event.type}: ${state.dnr} är avslutat`);
  }
  const track = trackStateFromStatus(view.final, { dnr: state.dnr, party: input.parties.find((p) => p.id === party)!, rsrMeetingDate: state.rsr?.meetingDate ?? state.registration.rsrMeetingDate });
  checkLateTrackEvent(track, event, today);
  const message = applyLateTrackEvent(track, event, new Date().toISOString(), today);
  return { seq: view.final.log.length + 1, stage: track.state, message };
}

/** Whether the case has, or is about to have, a running decision track for `party`. */
export function startsTrackFor(status: CaseStatus, party: string): boolean {
  if (status.withdrawn || status.stage === 'completed' || !status.justering) return false;
  if (!status.huvudman.includes(party as never)) return false;
  return !status.tracks.find((t) => t.party === party)?.final;
}

function trackNotStartedMessage(status: CaseStatus, party: string): string {
  const name = status.tracks.find((t) => t.party === party)?.name ?? party;
  return `beslutsspåret för ${name} i ${status.dnr} har inte startat än (ärendet startar det efter justeringen, men arbetaren har inte hunnit); händelsen är inte registrerad – försök igen om en stund`;
}

/** gRPC codes that mean "slow or busy, ask again", not an answer: CANCELLED, DEADLINE_EXCEEDED, RESOURCE_EXHAUSTED, ABORTED, UNAVAILABLE. */
const SLOW = new Set<number>([1, 4, 8, 10, 14]);

/** Whether `err` says only that Temporal or the worker did not answer in time. */
export function isSlowAnswer(err: unknown): boolean {
  const cause = err instanceof ServiceError ? err.cause : err;
  return isGrpcServiceError(cause) && SLOW.has(cause.code);
}

/**
 * The case's status, asked until it answers: a query that times out or finds Temporal unavailable
 * or busy is asked again with backoff, never taken for an answer; but with `withinMs`, one that no
 * worker answers within it is NoWorkerAnswer (no worker runs: waiting longer would only hang the
 * request). Any other failure (no such case…) is thrown as it is.
 */
async function answeredCaseStatus(client: Client, dnr: Dnr, deadline: number, withinMs?: number): Promise<CaseStatus> {
  const handle = client.workflow.getHandle(workflowIdForDnr(dnr));
  let delay = 200;
  for (;;) {
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      throw new TryLaterError(
        `ärendet ${dnr} svarar inte just nu (Temporal eller arbetaren är upptagen eller nere), så det går inte att avgöra om händelsen ska till ett beslutsspår; händelsen är inte registrerad – försök igen om en stund`,
      );
    }
    try {
      if (withinMs !== undefined) return await answeredQuery(client, handle, caseStatusQuery, Math.min(remaining, withinMs));
      return await client.withDeadline(Date.now() + Math.min(remaining, QUERY_ATTEMPT_MS), () => handle.query(caseStatusQuery));
    } catch (err) {
      if (!isSlowAnswer(err)) throw err;
    }
    await sleep(Math.max(0, Math.min(delay, deadline - Date.now())));
    delay = Math.min(delay * 2, 5_000);
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
    // An impossible fact (domain/facts.ts) is bad input naming its field, not the case refusing.
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof ApplicationFailure && err.cause.type === IMPOSSIBLE_FACT) {
      const issues = (err.cause.details?.[0] ?? []) as FieldIssue[];
      if (issues.length > 0) throw new ValidationError(issues);
    }
    if (err instanceof WorkflowUpdateFailedError && err.cause instanceof Error) throw new UpdateRefusedError(err.cause.message, { cause: err });
    throw err;
  }
}

/** Runs a pure rule client-side: a field refusal as bad input, any other refusal as the case's. */
function fieldRefusalsAsErrors<T>(check: () => T): T {
  try {
    return check();
  } catch (err) {
    if (err instanceof ImpossibleFactError) throw new ValidationError(err.issues);
    if (err instanceof Error) throw new UpdateRefusedError(err.message, { cause: err });
    throw err;
  }
}

/** An administrator closes one huvudman's track with a reason. */
export async function closeTrack(client: Client, dnr: Dnr, party: string, request: CloseTrackRequest, workerAnswerMs?: number): Promise<EventReceipt> {
  const handle = client.workflow.getHandle(trackWorkflowId(dnr, party as never));
  return refusalsAsErrors(acceptedUpdate(client, handle, closeTrackUpdate, { args: [request], updateId: requestUpdateId('close', { party, reason: request.reason }) }, workerAnswerMs));
}

/**
 * Retries a failed delivery on the workflow that holds it (the case, or the track of `party`).
 * `attempt` is the attempt this retry will be: the record's `attempts + 1` as the caller saw it
 * (the case page's form carries it); without it the holding workflow's record is read. It is part
 * of the update id, so a double click (the same attempt twice) is one retry, and a later retry,
 * after the record has counted the first, is a new one; the workflow refuses an attempt that is
 * not the record's next one.
 */
export async function retryDelivery(
  client: Client,
  dnr: Dnr,
  key: string,
  actor: string,
  options: { party?: string; attempt?: number; workerAnswerMs?: number } = {},
): Promise<DeliveryRecord> {
  const handle = client.workflow.getHandle(options.party ? trackWorkflowId(dnr, options.party as never) : workflowIdForDnr(dnr));
  let attempt = options.attempt;
  if (attempt === undefined) {
    const within = options.workerAnswerMs;
    const deliveries = options.party ? (await answeredQuery(client, handle, trackStatusQuery, within)).deliveries : (await answeredQuery(client, handle, caseStatusQuery, within)).deliveries;
    const record = deliveries.find((d) => d.key === key);
    if (!record) throw new UpdateRefusedError(`retry-delivery: okänd leverans "${key}" i ${dnr}`);
    attempt = record.attempts + 1;
  }
  return refusalsAsErrors(acceptedUpdate(client, handle, retryDeliveryUpdate, { args: [{ key, actor, attempt }], updateId: requestUpdateId('retry', { key, attempt }) }, options.workerAnswerMs));
}

export interface FullCaseStatus extends CaseStatus {
  /** Rules the recommending body's own protocol broke (e.g. an anslag after KL 8:12's last day); derived from its facts. */
  flags: RuleFlag[];
  /** Every track's status: open ones as last projected into the read model (or queried), final ones from the case; each with its flags. */
  trackStatus: (TrackStatus & { flags: RuleFlag[] })[];
  /**
   * Messages of the case and its tracks not delivered yet that Temporal is retrying (a temporary SMTP
   * failure), one per message, from the read model's delivery_attempt (domain/delivery-attempts.ts):
   * none once the message's outcome is among `deliveries`. Empty without a read model.
   */
  retrying: RetryingDelivery[];
}

/**
 * The case's status with every track's current state, dates, reminders and next timer. From the
 * read model when it holds the case's status document and every track's (issue 13): two reads, no
 * query (the workflows project them within the workflow task of every change, so a change made
 * through an update is there when the update has returned). Otherwise the case is queried (the
 * truth), an open track's status is its document (`track_status`) where it has one and agrees with
 * the case on whether it is overdue, else queried itself; final tracks from the case's own view.
 */
export async function caseStatus(client: Client, dnr: Dnr, readModel?: ReadModel, workerAnswerMs?: number): Promise<FullCaseStatus> {
  // Both kinds of document in one go: the tracks' are used by either path.
  const [document, documents, retrying] = readModel
    ? await Promise.all([storedCaseStatus(readModel, dnr), trackStatuses(readModel, dnr), retryingDeliveries(readModel, dnr)])
    : [undefined, new Map<string, TrackStatus>(), []];
  const projected = document && projectedCaseStatus(document, documents, retrying);
  if (projected) return projected;
  const status = await answeredQuery(client, client.workflow.getHandle(workflowIdForDnr(dnr)), caseStatusQuery, workerAnswerMs);
  const fromDocument = (t: (typeof status.tracks)[number]) => {
    const document = documents.get(t.party);
    return document && !document.final && (document.state === 'overdue') === Boolean(t.overdue) ? document : undefined;
  };
  const trackStatus: FullCaseStatus['trackStatus'] = [];
  const BATCH = 25;
  for (let i = 0; i < status.tracks.length; i += BATCH) {
    const batch = status.tracks.slice(i, i + BATCH);
    trackStatus.push(
      ...(await Promise.all(
        batch.map(async (t) => {
          const track = t.final ?? fromDocument(t) ?? (await answeredQuery(client, client.workflow.getHandle(trackWorkflowId(dnr, t.party)), trackStatusQuery, workerAnswerMs));
          return { ...track, flags: trackRuleFlags(track) };
        }),
      )),
    );
  }
  // Flags follow from the recorded facts, so a case recorded before they existed shows them too.
  return { ...status, flags: caseRuleFlags(status), trackStatus, retrying };
}

/**
 * The case's status put together from its status document and its tracks' (each track's own word
 * on its state), as the case's own view has it: a track is final with its final status, a track
 * withdrawn with the case is not; open are those not final. Undefined when a document is missing.
 */
function projectedCaseStatus(document: CaseStatusDocument, tracks: ReadonlyMap<string, TrackStatus>, retrying: RetryingDelivery[]): FullCaseStatus | undefined {
  if (document.tracks.some((t) => !tracks.has(t.party))) return undefined;
  const views = document.tracks.map((t) => {
    const track = tracks.get(t.party)!;
    const final = track.final && track.state !== 'withdrawn' ? { final: track } : {};
    return { party: t.party, name: t.name, state: track.state, overdue: track.state === 'overdue', ...final };
  });
  const status: CaseStatus = {
    ...document,
    tracks: views,
    open: views.filter((t) => !t.final).map((t) => t.party),
    overdue: views.filter((t) => !t.final && t.overdue).map((t) => t.party),
  };
  const trackStatus = document.tracks.map((t) => {
    const track = tracks.get(t.party)!;
    return { ...track, flags: trackRuleFlags(track) };
  });
  return { ...status, flags: caseRuleFlags(status), trackStatus, retrying };
}

/** The case's event log merged with its tracks' logs, in time order. */
export async function caseEventLog(client: Client, dnr: Dnr, readModel?: ReadModel, workerAnswerMs?: number): Promise<LogEntry[]> {
  const full = await caseStatus(client, dnr, readModel, workerAnswerMs);
  const own = await answeredQuery(client, client.workflow.getHandle(workflowIdForDnr(dnr)), eventLogQuery, workerAnswerMs);
  // Each log numbers its own entries; a correction's `corrects`/`correctedBy` are renumbered with them.
  const merged = [own, ...full.trackStatus.map((t) => t.log)].flatMap((log, source) => log.map((entry) => ({ entry, source })));
  merged.sort((a, b) => (a.entry.at < b.entry.at ? -1 : a.entry.at > b.entry.at ? 1 : 0));
  const renumbered = new Map(merged.map(({ entry, source }, i) => [`${source}:${entry.seq}`, i + 1]));
  return merged.map(({ entry, source }, i) => {
    const { corrects, correctedBy, ...rest } = entry;
    const seqOf = (seq: number) => renumbered.get(`${source}:${seq}`) ?? seq;
    return { ...rest, seq: i + 1, ...(corrects !== undefined ? { corrects: seqOf(corrects) } : {}), ...(correctedBy ? { correctedBy: correctedBy.map(seqOf) } : {}) };
  });
}
