// One huvudman's decision track, a child of the case workflow (id `arende:RS-62-2026:krokom`):
// request sent → reminders → decided → justerat → anslag → laga kraft, or overdue, rejected,
// appealed, closed by an administrator, withdrawn with the case. Its own small history and its own
// visibility row (ArendeDnr, ArendePart, ArendeStage = the track state, ArendeDetalj, ArendeNastaFrist).
//
// The huvudman's events arrive here as `recordEvent` updates (client/cases.ts routes them); the
// track tells its case only what the case shows (becoming overdue or leaving overdue, via
// `trackReport`) and, by completing, its final status — so the case history stays small.
// The state and the handlers are in `TrackRun` (track-run.ts); this function is the clock.
import { CancellationScope, allHandlersFinished, condition, isCancellation, setHandler, workflowInfo } from '@temporalio/workflow';
import { StageAttribute } from '../domain/search-attributes';
import { stockholmInstant } from '../domain/dates';
import { isFinalTrackState, nextTrackTimer, type TrackStatus } from '../domain/track-rules';
import {
  caseWithdrawnSignal,
  closeTrackUpdate,
  eventLogQuery,
  recordEventUpdate,
  retryDeliveryUpdate,
  trackStatusQuery,
  type TrackInput,
} from './messages';
import { TrackRun } from './track-run';

export async function decisionTrackWorkflow(input: TrackInput): Promise<TrackStatus> {
  // Lean (see workflows/patches.ts) when the case started it with its first row, as lean cases do:
  // a fact of its start event, so replay decides the same, and no patch marker is needed.
  const run = new TrackRun(input, workflowInfo().typedSearchAttributes.get(StageAttribute) !== undefined);
  setHandler(trackStatusQuery, () => run.status());
  setHandler(caseWithdrawnSignal, (withdrawal) => run.caseWithdrawn(withdrawal));
  setHandler(eventLogQuery, () => run.log);
  setHandler(recordEventUpdate, (request) => run.recordEvent(request), { validator: (request) => run.validateEvent(request) });
  setHandler(closeTrackUpdate, (request) => run.close(request), { validator: (request) => run.validateClose(request) });
  setHandler(retryDeliveryUpdate, (request) => run.retryDelivery(request), { validator: (request) => run.validateRetry(request) });

  try {
    // A new run of an ended track (its case starts it for a late event) takes that event instead of asking again.
    if (input.resume) await run.resumed();
    else await run.requested();
    while (!isFinalTrackState(run.track.state)) {
      const timer = nextTrackTimer(run.track);
      const dueAt = timer ? stockholmInstant(timer.date, timer.hour) : undefined;
      if (timer && dueAt !== undefined && Date.now() >= dueAt) {
        await run.fire(timer);
        continue;
      }
      // Sleep until the timer is due or an event changes the track.
      const seen = run.version;
      if (dueAt === undefined) await condition(() => run.version !== seen);
      else await condition(() => run.version !== seen, dueAt - Date.now());
    }
    // Let an update still sending its confirmation finish before the track ends, and the mail it left.
    await condition(() => allHandlersFinished() && run.mail.idle);
    return await run.finish();
  } catch (err) {
    if (!isCancellation(err)) throw err;
    // Withdrawn with the case: tell the huvudman, then end as cancelled.
    await CancellationScope.nonCancellable(() => run.withdrawn());
    throw err;
  }
}
