// The case engine as the API and CLI see it, on Temporal: commands and a case's details go to the
// case's workflows (client/cases.ts); the lists come from the read model (read-model-lists.ts), and a
// case's status takes its open tracks' status documents from there too (no query per track).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../domain/dnr';
import type { CaseRegistration } from '../../domain/case';
import type { HumanEvent } from '../../domain/events';
import type { PartyRegistry } from '../../domain/parties';
import { ValidationError } from '../../domain/errors';
import type { ReadModel } from '../../readmodel/open';
import { TryLaterError, UpdateRefusedError, caseEventLog, caseStatus, closeTrack, recordEvent, retryDelivery, startCase, type RoutingOptions } from '../cases';
import { caseListPage, outstandingPage } from './read-model-lists';
import { DEFAULT_WORKER_ANSWER_MS, NoWorkerAnswer } from '../temporal/worker-answer';
import { WorkerPresence } from '../temporal/worker-presence';
import {
  CaseNotFound,
  TrackNotFound,
  CaseRefused,
  CaseUnavailable,
  type CaseGateway,
  type CaseListFilter,
  type CaseListPage,
  type CaseRecordExport,
  type OutstandingFilter,
  type OutstandingPage,
  type PageRequest,
} from './gateway';

/** What a 503 says when no worker took the request in time (NoWorkerAnswer), truthfully for each kind. */
export function noWorkerAnswerMessage(err: NoWorkerAnswer): string {
  const seconds = Math.round(err.withinMs / 1000);
  return err.kind === 'update'
    ? `ingen worker svarar: ingen worker tog emot begäran inom ${seconds} s. Temporal kan ändå ha tagit emot den, och då registreras den när en worker kör igen; ` +
        'skicka samma begäran igen om en stund, så ser du om den registrerats (samma begäran registreras bara en gång)'
    : `ingen worker svarar: ärendet kunde inte läsas inom ${seconds} s; inget har registrerats eller ändrats – försök igen om en stund`;
}

/**
 * Turns Temporal's failures into the gateway's: unknown case → CaseNotFound, refused update →
 * CaseRefused, no answer in time or a track not started yet → CaseUnavailable. `onSilent` hears of
 * a call no worker answered in time (WorkerPresence.noAnswer).
 */
async function translate<T>(dnr: string, run: () => Promise<T>, onSilent?: (err: NoWorkerAnswer) => void): Promise<T> {
  try {
    return await run();
  } catch (err) {
    if (err instanceof NoWorkerAnswer) {
      onSilent?.(err);
      throw new CaseUnavailable(noWorkerAnswerMessage(err));
    }
    if (err instanceof WorkflowNotFoundError) throw new CaseNotFound(dnr);
    if (err instanceof UpdateRefusedError) throw new CaseRefused(err.message);
    if (err instanceof TryLaterError) throw new CaseUnavailable(err.message);
    if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
      throw new CaseUnavailable(`Temporal svarade inte i tid om ${dnr}; begäran kan ha tagits emot – skicka den igen om en stund (samma begäran registreras bara en gång)`);
    }
    if (err instanceof WorkflowUpdateFailedError) {
      const cause = err.cause;
      throw new CaseRefused(cause instanceof ApplicationFailure || cause instanceof Error ? cause.message : err.message);
    }
    if (err instanceof ValidationError) throw err;
    throw err;
  }
}

export class TemporalCaseGateway implements CaseGateway {
  private opened: Promise<ReadModel> | undefined;

  constructor(
    private readonly client: Client,
    private readonly registry: PartyRegistry,
    private readonly taskQueue: string,
    /**
     * The read model (readmodel/): the lists, and the open tracks of a case's status. An opener is
     * called on first use (the CLI: a command that changes a case needs no store). Without one the
     * lists refuse and a status queries every open track.
     */
    private readonly readModel?: ReadModel | (() => Promise<ReadModel>),
    /** Clock for "today" (days left), for tests. */
    private readonly now: () => number = Date.now,
    /** How a party's event waits for its track (ARENDE_TRACK_START_WAIT_SECONDS), how long a worker has to answer (ARENDE_WORKER_ANSWER_SECONDS). */
    private readonly routing: RoutingOptions = {},
    /** Whether a worker polls the task queue: checked before anything is sent (share it with /readyz); made on first use without one. */
    private presence?: WorkerPresence,
  ) {}

  get workers(): WorkerPresence {
    return (this.presence ??= new WorkerPresence(this.client.connection, this.client.options.namespace, this.taskQueue));
  }

  /**
   * Refuses (503, nothing sent) when Temporal cannot be reached or no worker polls the task queue
   * within the bound: a change is then not sent at all, a query not sent to wait out its bound.
   */
  private async workerRunning(kind: 'change' | 'read'): Promise<void> {
    const presence = await this.workers.waitForPolling(this.answerMs);
    const outcome = kind === 'change' ? 'så begäran skickades inte och inget är registrerat' : 'så ärendet kan inte läsas just nu; inget har ändrats';
    if (presence.temporal === 'unreachable') throw new CaseUnavailable(`Temporal svarar inte just nu, ${outcome} – försök igen om en stund`);
    if (!presence.polling) throw new CaseUnavailable(`ingen worker svarar: ingen worker hämtar arbete från Temporal just nu, ${outcome} – försök igen när en worker kör (om en stund)`);
  }

  private readonly beforeChange = () => this.workerRunning('change');

  /** The API always bounds the wait for a worker (the 5 s promise); ARENDE_WORKER_ANSWER_SECONDS. */
  private get answerMs(): number {
    return this.routing.workerAnswerMs ?? DEFAULT_WORKER_ANSWER_MS;
  }

  private readonly silent = (err: NoWorkerAnswer) => this.workers.noAnswer(Date.now() - err.withinMs);

  private translate<T>(dnr: string, run: () => Promise<T>): Promise<T> {
    return translate(dnr, run, this.silent);
  }

  async register(registration: CaseRegistration, actor?: string) {
    const result = await startCase(this.client, registration, this.registry, { taskQueue: this.taskQueue, ...(actor ? { actor } : {}), beforeStart: this.beforeChange });
    return { dnr: registration.dnr, created: result.created, message: result.message };
  }

  recordEvent(dnr: string, event: HumanEvent, actor: string) {
    return this.translate(dnr, () => recordEvent(this.client, dnr as Dnr, { event, actor }, { ...this.routing, workerAnswerMs: this.answerMs, registry: this.registry, beforeSend: this.beforeChange }));
  }

  async closeTrack(dnr: string, party: string, reason: string, actor: string) {
    try {
      await this.beforeChange();
      return await this.translate(dnr, () => closeTrack(this.client, dnr as Dnr, party, { reason, actor }, this.answerMs));
    } catch (err) {
      if (!(err instanceof CaseNotFound)) throw err;
      // No track workflow: say whether it is the case or only the party's track that is missing.
      const status = await this.status(dnr);
      throw new TrackNotFound(`${this.registry.get(party)?.name ?? party} har inget beslutsspår i ärendet ${status.dnr}`);
    }
  }

  async retryDelivery(dnr: string, key: string, actor: string, attempt?: number) {
    const status = await this.status(dnr);
    // The delivery lives on the workflow that sent it: the case, or one huvudman's track.
    const onCase = status.deliveries.find((d) => d.key === key);
    const track = status.trackStatus.find((t) => t.deliveries.some((d) => d.key === key));
    const record = onCase ?? track?.deliveries.find((d) => d.key === key);
    if (!record) throw new CaseRefused(`ärendet ${dnr} har ingen leverans med nyckeln ${key}`);
    // The attempt this retry will be, from the record just read unless the caller saw it (the form).
    const options = { attempt: attempt ?? record.attempts + 1, ...(onCase ? {} : { party: track!.party }), workerAnswerMs: this.answerMs };
    await this.beforeChange();
    return this.translate(dnr, () => retryDelivery(this.client, dnr as Dnr, key, actor, options));
  }

  // A status needs no check first: it comes from the read model (a case without a document is queried, bounded).
  status(dnr: string) {
    return this.translate(dnr, async () => caseStatus(this.client, dnr as Dnr, await this.readModelIfAny(), this.answerMs));
  }

  // The event log is queried: with no worker polling it is refused at once, not after the bound.
  async events(dnr: string) {
    await this.workerRunning('read');
    return this.translate(dnr, async () => caseEventLog(this.client, dnr as Dnr, await this.readModelIfAny(), this.answerMs));
  }

  async list(query: CaseListFilter & PageRequest): Promise<CaseListPage> {
    return caseListPage(await this.lists(), query);
  }

  async outstanding(query: OutstandingFilter & PageRequest): Promise<OutstandingPage> {
    return outstandingPage(await this.lists(), this.registry, query, this.now());
  }

  /** The read model the lists need (opened on first use when given as an opener: the CLI). */
  private async lists(): Promise<ReadModel> {
    const readModel = await this.readModelNow();
    if (!readModel) throw new Error('TemporalCaseGateway: listorna läses ur läsmodellen, men ingen läsmodell är angiven');
    return readModel;
  }

  /** A status only spares its track queries with the read model: one that cannot be opened (the CLI's missing file) is done without. */
  private readModelIfAny(): Promise<ReadModel | undefined> {
    return this.readModelNow().catch(() => undefined);
  }

  private readModelNow(): Promise<ReadModel | undefined> {
    const source = this.readModel;
    if (typeof source !== 'function') return Promise.resolve(source);
    // One opening for every caller, however many ask at once.
    this.opened ??= source();
    return this.opened;
  }

  async exportRecord(dnr: string): Promise<CaseRecordExport> {
    const status = await this.status(dnr);
    const events = await this.events(dnr);
    const ids = [workflowIdForDnr(dnr as Dnr), ...status.tracks.map((t) => trackWorkflowId(dnr as Dnr, t.party))];
    const histories = [];
    for (const workflowId of ids) {
      const history = await this.client.workflow.getHandle(workflowId).fetchHistory();
      histories.push({ workflowId, history: JSON.parse(JSON.stringify(history)) });
    }
    return { dnr, exportedAt: new Date().toISOString(), status, events, histories };
  }
}
