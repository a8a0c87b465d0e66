// The e-mail an update handler sends goes on after the update has answered (MAIL_AFTER_REPLY_PATCH):
// the event is recorded when the handler returns its receipt; its messages are delivered (and
// retried while the SMTP server is down, shown as "försöker igen") without the person who recorded
// it waiting. The workflow ends only once they are out: `idle` is part of its last condition.
import { isCancellation, log, patched } from '@temporalio/workflow';
import { MAIL_AFTER_REPLY_PATCH } from './patches';

export class MailAfterReply {
  private readonly pending = new Set<Promise<void>>();

  /** `fromStart`: the execution was started with `mailAfterReply: 1` (no patch marker needed). */
  constructor(private readonly fromStart: boolean) {}

  /**
   * Lets `sending` go on after the reply; in an execution from before the patch it returns `sending`
   * itself for the handler to await, as it did: not one microtask more, so its commands keep their
   * order on replay (an extra `await` here put a timer before the update's completion).
   */
  afterReply(sending: Promise<unknown>): Promise<unknown> {
    if (!this.fromStart && !patched(MAIL_AFTER_REPLY_PATCH)) return sending;
    const tracked: Promise<void> = sending
      .then(
        () => undefined,
        (err: unknown) => {
          // A delivery never throws (it records a failure); cancellation is the case being withdrawn.
          if (!isCancellation(err)) log.error('sending after the reply failed', { error: String(err) });
        },
      )
      .finally(() => this.pending.delete(tracked));
    this.pending.add(tracked);
    return Promise.resolve();
  }

  /** Nothing an update started is still being sent. */
  get idle(): boolean {
    return this.pending.size === 0;
  }
}
