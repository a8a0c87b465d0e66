// Every environment variable the project reads, validated once with zod. A bad value stops the
// process at start-up with a message naming the variable and the rule.
import { z } from 'zod';

const port = (fallback: number) =>
  z.coerce
    .number({ error: 'must be a port number' })
    .int('must be a whole number')
    .min(1, 'must be between 1 and 65535')
    .max(65535, 'must be between 1 and 65535')
    .default(fallback);

const flag = z
  .enum(['1', '0', 'true', 'false', ''], { error: 'must be 1/true or 0/false' })
  .default('')
  .transform((v) => v === '1' || v === 'true');

/** Where the worker, API and CLI find Temporal; the same code runs against the dev server, a cluster or Cloud. */
export const TemporalEnvironment = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z
    .string()
    .regex(/^[a-z0-9][a-z0-9._-]{1,62}$/, 'must be a Temporal namespace name (lower case, digits, . _ -)')
    .default('arendeflode'),
  /** Temporal Cloud API key; turns TLS on. */
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_TLS: flag,
  ARENDE_TASK_QUEUE: z.string().min(1).default('arendeflode'),
});
export type TemporalEnvironment = z.infer<typeof TemporalEnvironment>;

/** The API + dashboard server. */
export const HttpEnvironment = z.object({
  ARENDE_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  ARENDE_HTTP_PORT: port(8080),
  /** Shown as the Web UI link on pages; the embedded default sets it. */
  ARENDE_TEMPORAL_UI_URL: z.url({ error: 'must be a URL' }).optional(),
  /** API tokens: `administrator=<token>`, `manager=<token>`, `registrator/<party>=<token>`, comma-separated. */
  ARENDE_API_TOKENS: z.string().optional(),
});
export type HttpEnvironment = z.infer<typeof HttpEnvironment>;

/** The embedded default started by `npm start`: dev server, SMTP catcher, data folder. */
export const StackEnvironment = z.object({
  ARENDE_DATA_DIR: z.string().min(1).default('data'),
  ARENDE_TEMPORAL_PORT: port(7233),
  ARENDE_TEMPORAL_UI_PORT: port(8233),
  ARENDE_SMTP_PORT: port(2525),
  /** How long Temporal keeps a closed case; the dev server's default (24 h) would lose finished cases. */
  ARENDE_RETENTION_DAYS: z.coerce.number().int().min(1, 'must be at least 1 day').max(3650, 'must be at most 3650 days').default(3650),
  ARENDE_VERBOSE: flag,
});
export type StackEnvironment = z.infer<typeof StackEnvironment>;

/** Parses `source` (default process.env) with `schema`; throws one readable error listing every bad variable. */
export function readEnvironment<S extends z.ZodType>(schema: S, source: NodeJS.ProcessEnv = process.env): z.infer<S> {
  const parsed = schema.safeParse(source);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((issue) => {
    const name = String(issue.path[0] ?? '?');
    return `  ${name}=${JSON.stringify(source[name] ?? '')}: ${issue.message}`;
  });
  throw new Error(`Invalid environment:\n${lines.join('\n')}`);
}
