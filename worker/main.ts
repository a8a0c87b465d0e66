// The worker process: runs the case workflows and their activities for one task queue.
// Stateless; run as many as the load needs against the same Temporal namespace.
import { NativeConnection, Worker } from '@temporalio/worker';
import { TemporalEnvironment, readEnvironment } from '../config/environment';
import { connectionOptions, temporalTarget } from '../client/temporal/connection';

async function main() {
  const target = temporalTarget(readEnvironment(TemporalEnvironment));
  const connection = await NativeConnection.connect(connectionOptions(target));
  try {
    const worker = await Worker.create({
      connection,
      namespace: target.namespace,
      taskQueue: target.taskQueue,
      workflowsPath: require.resolve('../workflows'),
    });
    // Runs until SIGINT/SIGTERM, then finishes the tasks in hand before it exits.
    await worker.run();
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
