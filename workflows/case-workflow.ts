// The case workflow (id `arende:RS-62-2026`, derived from the Dnr): registered → beredning → RSR
// scheduled → RSR decided → justerat → anslag → completed, or withdrawn at any time before that.
// When the recommending body's protocol is justerat it sends the protokollsutdrag (expediering
// child) and starts one decision track (child workflow) per huvudman; it completes with a summary
// when every track is final and RSR's own appeal period has ended.
//
// The state and the message handlers are in `CaseRun` (case-run.ts); this function is the lifecycle.
// History budget: the case hears from a track only when it becomes or stops being overdue (a
// signal) and when it ends (its result); a huvudman's decisions go to the track itself. See
// docs/history-sizes.md for the measured sizes.
import { CancellationScope, allHandlersFinished, condition, isCancellation, patched, setHandler } from '@temporalio/workflow';
import { CaseRun } from './case-run';
import {
  caseSnapshotQuery,
  caseStatusQuery,
  eventLogQuery,
  recordEventUpdate,
  retryDeliveryUpdate,
  trackReportSignal,
  type CaseInput,
  type CaseSummary,
} from './messages';
import { LEAN_WORKFLOWS_PATCH } from './patches';

export async function caseWorkflow(input: CaseInput): Promise<CaseSummary> {
  const run = new CaseRun(input, patched(LEAN_WORKFLOWS_PATCH));
  setHandler(caseStatusQuery, () => run.status());
  setHandler(eventLogQuery, () => run.log);
  setHandler(recordEventUpdate, (request) => run.recordEvent(request), { validator: (request) => run.validateEvent(request) });
  setHandler(trackReportSignal, (report) => run.trackReported(report));
  setHandler(retryDeliveryUpdate, (request) => run.retryDelivery(request), { validator: (request) => run.validateRetry(request) });

  setHandler(caseSnapshotQuery, () => run.snapshot());
  const tracksScope = new CancellationScope();
  run.tracksScope = tracksScope;

  if (input.resume) {
    // A new run of an ended case, for a late event (docs/late-events.md): it takes the event (which
    // may reopen a track) and goes on to the end below, like the first run after its tracks.
    await run.resumed();
  } else {
    run.registered();
    await condition(() => Boolean(run.state.justering || run.state.withdrawn));

    const tracksDone = run.state.withdrawn ? Promise.resolve() : tracksScope.run(() => run.runTracks());
    tracksDone.catch(() => undefined); // observed below; avoids an unhandled rejection while racing
    await Promise.race([tracksDone, condition(() => Boolean(run.state.withdrawn))]);

    if (run.state.withdrawn) {
      // Patched in after cases had started (lean cases always do it): open tracks learn the reason
      // before they are cancelled, so the withdrawal notice to each huvudman says why.
      if (run.lean || patched('withdrawal-reason-to-tracks')) await run.tellOpenTracksWhy();
      tracksScope.cancel();
      await tracksDone.catch((err) => {
        if (!isCancellation(err)) throw err;
      });
      return run.withdrawalNotice();
    }
    await tracksDone;
  }

  // Every track final, and RSR's own appeal period over (if its anslag is posted). A track reopened
  // for a late event is waited for again; a corrected anslag moves the end of the period. A case
  // without either passes this exactly as before: the same single timer for the appeal period.
  for (;;) {
    await condition(() => run.tracksSettled() || Boolean(run.state.withdrawn) || run.failure !== undefined);
    if (run.failure !== undefined) throw run.failure;
    if (run.state.withdrawn) return withdrawReopened(run, tracksScope);
    const end = run.rsrAppealEnd();
    if (end === undefined || Date.now() >= end) {
      if (run.tracksSettled()) break;
      continue;
    }
    run.waitingForAppealPeriod = true;
    const seen = run.version;
    await condition(() => Boolean(run.state.withdrawn) || run.version !== seen, end - Date.now());
    run.waitingForAppealPeriod = false;
    if (run.state.withdrawn) return withdrawReopened(run, tracksScope);
  }
  // The handlers done, and the mail they left to send after their replies (MAIL_AFTER_REPLY_PATCH).
  await condition(() => allHandlersFinished() && run.mail.idle);
  return await run.complete();
}

/** Withdrawn after the tracks had ended: any track reopened since learns why and is cancelled. */
async function withdrawReopened(run: CaseRun, tracksScope: CancellationScope): Promise<CaseSummary> {
  if (run.hasReopenedTracks()) {
    await run.tellOpenTracksWhy();
    tracksScope.cancel();
    await condition(() => run.tracksSettled());
  }
  return run.withdrawalNotice();
}
