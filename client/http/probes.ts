// The probes of supervisors and load balancers:
//   GET /healthz  liveness: the process answers (200 always); its body says what it sees of Temporal.
//   GET /readyz   readiness: 200 only when Temporal answers and a worker polls the task queue
//                 (client/temporal/worker-presence.ts, with its limits), and the server is not
//                 stopping (SIGTERM); else 503 with the reason.
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { Presence } from '../temporal/worker-presence';
import { ApiError } from '../api/problem';

export const Liveness = z
  .object({
    status: z.literal('ok').meta({ description: 'Processen svarar' }),
    temporal: z.string().meta({ description: '"ok", eller felet när Temporal inte nås (livstecknet är ändå 200)' }),
    workerPollers: z.number().int().meta({ description: 'Pollare på uppgiftskön enligt Temporal (kan räkna en nyss avslutad worker)' }),
    caughtMail: z.number().int().optional(),
  })
  .meta({ id: 'Liveness' });
export type Liveness = z.infer<typeof Liveness>;

export const Readiness = z
  .object({
    ready: z.boolean(),
    temporal: z.enum(['ok', 'unreachable']),
    worker: z.enum(['polling', 'none']).meta({ description: 'polling: en worker har börjat hämta arbete inom 70 s och efter den senaste begäran som ingen worker svarade på' }),
    pollers: z.number().int().optional(),
    lastPollSecondsAgo: z.number().int().optional(),
    message: z.string().meta({ description: 'Läget i en mening' }),
  })
  .meta({ id: 'Readiness' });
export type Readiness = z.infer<typeof Readiness>;

/** The readiness body of a presence: ready only with Temporal reachable and a worker polling. */
export function readinessOf(presence: Presence): Readiness {
  if (presence.temporal === 'unreachable') {
    return { ready: false, temporal: 'unreachable', worker: 'none', message: `Temporal svarar inte: ${presence.error}` };
  }
  const seen = {
    pollers: presence.pollers,
    ...(presence.lastPollMsAgo === undefined ? {} : { lastPollSecondsAgo: Math.round(presence.lastPollMsAgo / 1000) }),
  };
  return presence.polling
    ? { ready: true, temporal: 'ok', worker: 'polling', ...seen, message: 'redo: Temporal svarar och en worker hämtar arbete' }
    : { ready: false, temporal: 'ok', worker: 'none', ...seen, message: 'ingen worker svarar: ingen worker hämtar arbete från uppgiftskön' };
}

export interface ProbeSources {
  liveness: () => Promise<Liveness>;
  presence: () => Promise<Presence>;
  /** True once the process is stopping (SIGTERM): /readyz answers 503 so a load balancer takes it out. */
  stopping?: () => boolean;
}

/** The readiness body of a stopping server: not ready, whatever Temporal and the workers say. */
export function stoppingReadiness(body: Readiness): Readiness {
  return { ...body, ready: false, message: 'stänger: servern avslutas och tar inte emot nya förfrågningar' };
}

/** Registers both probes; `documented`: in a scope with the API's zod compilers (then in the OpenAPI document). */
export function registerProbes(app: FastifyInstance, sources: ProbeSources, documented: boolean): void {
  const schema = (summary: string, response: Record<number, z.ZodType>) => (documented ? { schema: { summary, tags: ['drift'], security: [], response } } : {});
  // 414 and 431 as on every route: a path segment or the headers too long (client/http/framework-errors.ts).
  const tooLong = { 414: ApiError, 431: ApiError };
  app.get(
    '/healthz',
    { config: { action: 'public' }, ...schema('Livstecken: processen svarar (alltid 200)', { 200: Liveness, ...tooLong }) },
    async () => sources.liveness(),
  );
  app.get(
    '/readyz',
    { config: { action: 'public' }, ...schema('Redo: Temporal svarar och en worker hämtar arbete (annars 503)', { 200: Readiness, 503: Readiness, ...tooLong }) },
    async (_request, reply) => {
      const seen = readinessOf(await sources.presence());
      const body = sources.stopping?.() ? stoppingReadiness(seen) : seen;
      return reply.code(body.ready ? 200 : 503).send(body);
    },
  );
}
