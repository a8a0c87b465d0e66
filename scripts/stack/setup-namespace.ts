// One-shot: make the project's namespace ready on any Temporal cluster (retention and custom search
// attributes). `npm start` does the same for the embedded dev server; docker-compose and production
// deployments run this once per release: `node dist/scripts/stack/setup-namespace.js` (after
// `npm run build`; in a checkout also `node --import tsx scripts/stack/setup-namespace.ts`).
import { Connection } from '@temporalio/client';
import { z } from 'zod';
import { TemporalEnvironment, readEnvironment } from '../../config/environment';
import { connectionOptions, temporalTarget } from '../../config/temporal-connection';
import { ensureNamespace } from '../../client/temporal/namespace';

const SetupEnvironment = TemporalEnvironment.extend({
  ARENDE_RETENTION_DAYS: z.coerce.number().int().min(1).max(3650).default(3650),
});

async function main() {
  const env = readEnvironment(SetupEnvironment);
  const target = temporalTarget(env);
  const connection = await Connection.connect(connectionOptions(target));
  try {
    const result = await ensureNamespace(connection, { namespace: target.namespace, retentionDays: env.ARENDE_RETENTION_DAYS });
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
