// The image's HEALTHCHECK (Dockerfile), run as `node dist/scripts/image/healthcheck.js [URL]`: the
// slim Node image has no curl or wget, so a few lines of node ask the process in the container.
// Exit 0 when the URL answers 2xx within the time-out, 1 otherwise (what Docker counts as unhealthy).
// Without a URL it asks what the process serves (the same image runs the worker and the HTTP server):
//   - ARENDE_METRICS_ADDRESS set (host:port; a worker or HTTP server serves Prometheus /metrics there):
//     http://<that address>/metrics, a wildcard host asked on loopback;
//   - else the HTTP server's liveness probe, http://127.0.0.1:<ARENDE_HTTP_PORT>/healthz.
// A worker without ARENDE_METRICS_ADDRESS serves nothing to ask: it is reported unhealthy, saying why.
import { HttpEnvironment, readEnvironment } from '../../config/environment';

const TIMEOUT_MS = 4000;

/** The URL to ask, from the argument or the environment. */
export function healthcheckUrl(argument: string | undefined, env: NodeJS.ProcessEnv): string {
  if (argument) return new URL(argument).toString();
  const metrics = env.ARENDE_METRICS_ADDRESS?.trim();
  if (metrics) {
    const at = metrics.lastIndexOf(':');
    const host = metrics.slice(0, at);
    // A process listening on every interface is asked on loopback, inside its own container.
    const reachable = host === '' || host === '0.0.0.0' || host === '::' || host === '[::]' ? '127.0.0.1' : host;
    return `http://${reachable}:${metrics.slice(at + 1)}/metrics`;
  }
  const http = readEnvironment(HttpEnvironment.pick({ ARENDE_HTTP_PORT: true }), env);
  return `http://127.0.0.1:${http.ARENDE_HTTP_PORT}/healthz`;
}

async function main(): Promise<number> {
  const url = healthcheckUrl(process.argv[2], process.env);
  try {
    const response = await fetch(url, { signal: AbortSignal.timeout(TIMEOUT_MS) });
    await response.body?.cancel();
    if (response.ok) return 0;
    console.error(`healthcheck: ${url} answered ${response.status}`);
  } catch (err) {
    const reason = err instanceof Error ? ((err.cause as Error | undefined)?.message ?? err.message) : String(err);
    const hint = process.argv[2] || process.env.ARENDE_METRICS_ADDRESS ? '' : ' (a worker serves nothing to ask unless ARENDE_METRICS_ADDRESS is set)';
    console.error(`healthcheck: ${url} does not answer: ${reason}${hint}`);
  }
  return 1;
}

if (require.main === module) {
  main().then(
    (code) => process.exit(code),
    (err: unknown) => {
      console.error(`healthcheck: ${err instanceof Error ? err.message : String(err)}`);
      process.exit(1);
    },
  );
}
