// The "Try this" commands `npm start` prints: they must work against this stack whatever ports it
// runs on, so they set TEMPORAL_ADDRESS (and the namespace and task queue when they are not the
// CLI's defaults) and name the API's address and where its token is.
export interface TryThisTarget {
  /** Temporal's gRPC address, host:port. */
  address: string;
  namespace: string;
  taskQueue: string;
  /** The HTTP server: dashboard and API. */
  httpUrl: string;
  /** The file holding the local administrator token. */
  secretsFile: string;
  /** The read model's file, when it is not the CLI's default (data/readmodel.sqlite in the folder the commands run in). */
  readModelFile?: string;
}

/** The CLI's own defaults (config/environment.ts): a variable equal to its default need not be set. */
const CLI_DEFAULTS = { TEMPORAL_NAMESPACE: 'arendeflode', ARENDE_TASK_QUEUE: 'arendeflode' };

/** A word for sh, bash and zsh: single-quoted unless it is plainly safe. */
export function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replace(/'/g, `'\\''`)}'`;
}

/** The lines under "Try this", each a shell command line (the first sets the environment). */
export function tryThisLines(target: TryThisTarget): string[] {
  const env: [string, string][] = [['TEMPORAL_ADDRESS', target.address]];
  if (target.namespace !== CLI_DEFAULTS.TEMPORAL_NAMESPACE) env.push(['TEMPORAL_NAMESPACE', target.namespace]);
  if (target.taskQueue !== CLI_DEFAULTS.ARENDE_TASK_QUEUE) env.push(['ARENDE_TASK_QUEUE', target.taskQueue]);
  // The lists read the read model (docs/read-model.md): the stack's own file, when it has another data folder.
  if (target.readModelFile) env.push(['ARENDE_READ_MODEL_FILE', target.readModelFile]);
  const token = `"$(node -p ${shellWord(`require(${JSON.stringify(target.secretsFile)}).administratorToken`)})"`;
  return [
    `export ${env.map(([k, v]) => `${k}=${shellWord(v)}`).join(' ')}`,
    'npx arende import demo/cases && npx arende outstanding --overdue',
    `npx arende outstanding --overdue --api ${shellWord(target.httpUrl)} --token ${token}`,
  ];
}

/** The hint as printed: the commands, and what each way reaches. */
export function tryThisHint(target: TryThisTarget): string {
  const [env, direct, api] = tryThisLines(target);
  return `Try this, in another terminal (the real cases of the seed documents, with their events; straight to Temporal at ${target.address}):
  ${env}
  ${direct}
The same through the HTTP API at ${target.httpUrl} (the administrator token is in ${target.secretsFile}):
  ${api}`;
}
