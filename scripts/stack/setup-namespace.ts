// One-shot: make the project's namespace ready on any Temporal cluster (retention and custom search
// attributes). `npm start` does the same for the embedded dev server; docker-compose and production
// deployments run this once per release: `node dist/scripts/stack/setup-namespace.js` (after
// `npm run build`; in a checkout also `node --import tsx scripts/stack/setup-namespace.ts`).
import { Connection } from '@temporalio/client';
import { z } from 'zod';
import { TemporalEnvironment, readEnvironment } from '../../config/environment';
import { connectionOptions, temporalTarget } from '../../config/temporal-connection';
import { ensureNamespace } from '../../client/temporal/namespace';
import { backoffMs } from '../../lib/wait-for-temporal';

/**
 * How long the setup keeps trying. On a fresh cluster the server may still be starting (compose
 * starts this job as soon as its frontend answers), and right after registering the namespace the
 * server answers NOT_FOUND for it until its namespace cache refreshes (about 10 s): both pass.
 */
const SETUP_DEADLINE_MS = 120_000;

const SetupEnvironment = TemporalEnvironment.extend({
  ARENDE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(3650),
});

async function main() {
  const env = readEnvironment(SetupEnvironment);
  const target = temporalTarget(env);
  const deadline = Date.now() + SETUP_DEADLINE_MS;
  const retry = async <T>(attempt: () => Promise<T>): Promise<T> => {
    for (let n = 1; ; n++) {
      try {
        return await attempt();
      } catch (err) {
        const next = backoffMs(n);
        if (Date.now() + next > deadline) throw err;
        const reason = (err instanceof Error ? err.message : String(err)).split('\n')[0];
        console.log(`namespace ${target.namespace} on ${target.address} not ready yet (attempt ${n}, next in ${Math.round(next / 1000)} s): ${reason}`);
        await new Promise((ok) => setTimeout(ok, next));
      }
    }
  };
  const connection = await retry(() => Connection.connect(connectionOptions(target)));
  try {
    const result = await retry(() => ensureNamespace(connection, { namespace: target.namespace, retentionDays: env.ARENDE_RETENTION_DAYS }));
    console.log(
      `namespace ${target.namespace} on ${target.address}: ${result.created ? 'created' : 'ready'}` +
        (result.addedAttributes.length ? `; added search attributes ${result.addedAttributes.join(', ')}` : '; search attributes complete'),
    );
  } finally {
    await connection.close();
  }
}

main().catch((err) => {
  console.error(`namespace setup failed: ${err instanceof Error ? err.message : String(err)}`);
  process.exit(1);
});
