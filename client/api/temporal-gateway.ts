// The case engine as the API and CLI see it, on Temporal: commands and details go to the case's
// workflows (client/cases.ts), lists come from visibility (custom search attributes), so the
// outstanding list costs one list query however many cases there are (plus one for the cases of
// overdue tracks started before they kept their date, while any run).
import { WorkflowNotFoundError, WorkflowUpdateFailedError, WorkflowUpdateRPCTimeoutOrCancelledError, type Client, type WorkflowExecutionInfo } from '@temporalio/client';
import { ApplicationFailure } from '@temporalio/common';
import { trackWorkflowId, workflowIdForDnr, type Dnr } from '../../domain/dnr';
import type { CaseRegistration } from '../../domain/case';
import type { HumanEvent } from '../../domain/events';
import type { PartyRegistry } from '../../domain/parties';
import { ValidationError } from '../../domain/errors';
import { daysBetween, stockholmDate, stockholmInstant, type IsoDate } from '../../domain/dates';
import { overdueTrackDeadline } from '../../domain/track-rules';
import {
  DnrAttribute,
  NextDeadlineAttribute,
  OverduePartiesAttribute,
  PartyAttribute,
  PendingPartiesAttribute,
  StageAttribute,
  TitleAttribute,
  TrackDetailAttribute,
} from '../../domain/search-attributes';
import { CASE_WORKFLOW, TRACK_WORKFLOW } from '../../workflows/messages';
import { dnrInClauses, quote } from '../temporal/visibility';
import { TryLaterError, UpdateRefusedError, caseEventLog, caseStatus, closeTrack, recordEvent, retryDelivery, startCase, type RoutingOptions } from '../cases';
import {
  CaseNotFound,
  TrackNotFound,
  CaseRefused,
  CaseUnavailable,
  type CaseGateway,
  type CaseListFilter,
  type CaseListItem,
  type CaseRecordExport,
  type OutstandingFilter,
  type OutstandingItem,
} from './gateway';

/** Visibility query strings: values are quoted with single quotes doubled away. */

/**
 * Turns Temporal's failures into the gateway's: unknown case → CaseNotFound, refused update →
 * CaseRefused, no answer in time or a track not started yet → CaseUnavailable.
 */
async function translate<T>(dnr: string, run: () => Promise<T>): Promise<T> {
  try {
    return await run();
  } catch (err) {
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

function caseItem(info: WorkflowExecutionInfo): CaseListItem {
  const sa = info.typedSearchAttributes;
  const deadline = sa.get(NextDeadlineAttribute);
  return {
    dnr: sa.get(DnrAttribute) ?? info.workflowId,
    title: sa.get(TitleAttribute) ?? '',
    stage: sa.get(StageAttribute) ?? '',
    pending: sa.get(PendingPartiesAttribute) ?? [],
    overdue: sa.get(OverduePartiesAttribute) ?? [],
    ...(deadline ? { nextDeadline: stockholmDate(deadline.getTime()) } : {}),
    running: info.status.name === 'RUNNING',
    startedAt: info.startTime.toISOString(),
  };
}

export class TemporalCaseGateway implements CaseGateway {
  constructor(
    private readonly client: Client,
    private readonly registry: PartyRegistry,
    private readonly taskQueue: string,
    /** Clock for "today" (days left), for tests. */
    private readonly now: () => number = Date.now,
    /** How a party's event waits for its track (ARENDE_TRACK_START_WAIT_SECONDS). */
    private readonly routing: RoutingOptions = {},
  ) {}

  async register(registration: CaseRegistration, actor?: string) {
    const result = await startCase(this.client, registration, this.registry, { taskQueue: this.taskQueue, ...(actor ? { actor } : {}) });
    return { dnr: registration.dnr, created: result.created, message: result.message };
  }

  recordEvent(dnr: string, event: HumanEvent, actor: string) {
    return translate(dnr, () => recordEvent(this.client, dnr as Dnr, { event, actor }, { ...this.routing, registry: this.registry }));
  }

  async closeTrack(dnr: string, party: string, reason: string, actor: string) {
    try {
      return await translate(dnr, () => closeTrack(this.client, dnr as Dnr, party, { reason, actor }));
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
    const options = { attempt: attempt ?? record.attempts + 1, ...(onCase ? {} : { party: track!.party }) };
    return translate(dnr, () => retryDelivery(this.client, dnr as Dnr, key, actor, options));
  }

  status(dnr: string) {
    return translate(dnr, () => caseStatus(this.client, dnr as Dnr));
  }

  events(dnr: string) {
    return translate(dnr, () => caseEventLog(this.client, dnr as Dnr));
  }

  async list(filter: CaseListFilter): Promise<CaseListItem[]> {
    const clauses = [`WorkflowType = ${quote(CASE_WORKFLOW)}`];
    if (filter.includeClosed !== 'true') clauses.push(`ExecutionStatus = 'Running'`);
    if (filter.stage) clauses.push(`${StageAttribute.name} = ${quote(filter.stage)}`);
    if (filter.party) clauses.push(`${PendingPartiesAttribute.name} = ${quote(filter.party)}`);
    if (filter.overdue === 'true') clauses.push(`${OverduePartiesAttribute.name} IS NOT NULL`);
    if (filter.deadlineBefore) {
      clauses.push(`${NextDeadlineAttribute.name} < ${quote(new Date(stockholmInstant(filter.deadlineBefore)).toISOString())}`);
    }
    if (filter.q) {
      // A Dnr is matched exactly; anything else searches the titles.
      clauses.push(/^[A-ZÅÄÖ][\wÅÄÖåäö-]*\/\d+\/\d{4}$/i.test(filter.q) ? `${DnrAttribute.name} = ${quote(filter.q.toUpperCase())}` : `${TitleAttribute.name} = ${quote(filter.q)}`);
    }
    // An ended case reopened for a late event (docs/late-events.md) has a row per run: the latest one counts.
    const latest = new Map<string, WorkflowExecutionInfo>();
    for await (const info of this.client.workflow.list({ query: clauses.join(' AND ') })) {
      const seen = latest.get(info.workflowId);
      if (!seen || info.startTime > seen.startTime) latest.set(info.workflowId, info);
    }
    const items = [...latest.values()].map(caseItem);
    return items.sort((a, b) => (a.nextDeadline ?? '9999') .localeCompare(b.nextDeadline ?? '9999') || a.dnr.localeCompare(b.dnr));
  }

  async outstanding(filter: OutstandingFilter): Promise<OutstandingItem[]> {
    const clauses = [`WorkflowType = ${quote(TRACK_WORKFLOW)}`, `ExecutionStatus = 'Running'`];
    if (filter.party) clauses.push(`${PartyAttribute.name} = ${quote(filter.party)}`);
    if (filter.overdue === 'true') clauses.push(`${StageAttribute.name} = 'overdue'`);
    const today = stockholmDate(this.now());
    const items: OutstandingItem[] = [];
    for await (const info of this.client.workflow.list({ query: clauses.join(' AND ') })) {
      const sa = info.typedSearchAttributes;
      const deadline = sa.get(NextDeadlineAttribute);
      const state = sa.get(StageAttribute) ?? '';
      const party = sa.get(PartyAttribute) ?? '';
      const detail = sa.get(TrackDetailAttribute);
      items.push({
        dnr: sa.get(DnrAttribute) ?? info.workflowId,
        party,
        partyName: this.registry.get(party)?.name ?? party,
        state,
        ...(detail ? { detail } : {}),
        ...(deadline ? { nextDeadline: stockholmDate(deadline.getTime()) } : {}),
        overdue: state === 'overdue',
      });
    }
    // Overdue tracks started before the overdue-deadline-attribute patch keep no date of their own:
    // their case's stands in (one more list query, for those cases only; none once they are gone).
    const dateless = items.filter((i) => i.overdue && !i.nextDeadline);
    if (dateless.length > 0) {
      const caseDeadlines = await this.caseDeadlines([...new Set(dateless.map((i) => i.dnr))]);
      for (const item of dateless) {
        const deadline = overdueTrackDeadline(undefined, caseDeadlines.get(item.dnr), today);
        if (deadline) item.nextDeadline = deadline;
      }
    }
    for (const item of items) if (item.nextDeadline) item.daysLeft = daysBetween(today, item.nextDeadline as IsoDate);
    // Overdue first, then by the next date due.
    return items.sort((a, b) => Number(b.overdue) - Number(a.overdue) || (a.nextDeadline ?? '9999').localeCompare(b.nextDeadline ?? '9999') || a.dnr.localeCompare(b.dnr) || a.party.localeCompare(b.party));
  }

  /** The running cases' next dates (ArendeNastaFrist), by Dnr: one list query per 100 cases. */
  private async caseDeadlines(dnrs: readonly string[]): Promise<Map<string, IsoDate>> {
    const deadlines = new Map<string, IsoDate>();
    for (const dnrIn of dnrInClauses(dnrs)) {
      const query = `WorkflowType = ${quote(CASE_WORKFLOW)} AND ExecutionStatus = 'Running' AND ${dnrIn}`;
      for await (const info of this.client.workflow.list({ query })) {
        const sa = info.typedSearchAttributes;
        const dnr = sa.get(DnrAttribute);
        const deadline = sa.get(NextDeadlineAttribute);
        if (dnr && deadline) deadlines.set(dnr, stockholmDate(deadline.getTime()));
      }
    }
    return deadlines;
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
