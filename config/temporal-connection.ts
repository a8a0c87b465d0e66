// Connection options from the environment, shared by the client side (API, CLI) and the worker.
// In config/, not client/: it is configuration read from the environment, needed by the worker too.
import type { TemporalEnvironment } from './environment';

export interface TemporalTarget {
  address: string;
  namespace: string;
  taskQueue: string;
  tls: boolean;
  apiKey?: string;
}

export function temporalTarget(env: TemporalEnvironment): TemporalTarget {
  return {
    address: env.TEMPORAL_ADDRESS,
    namespace: env.TEMPORAL_NAMESPACE,
    taskQueue: env.ARENDE_TASK_QUEUE,
    // An API key means Temporal Cloud, which is TLS only.
    tls: env.TEMPORAL_TLS || Boolean(env.TEMPORAL_API_KEY),
    apiKey: env.TEMPORAL_API_KEY,
  };
}

/** Options accepted by both `Connection.connect` and `NativeConnection.connect`. */
export function connectionOptions(target: TemporalTarget) {
  return {
    address: target.address,
    tls: target.tls ? {} : undefined,
    apiKey: target.apiKey,
  };
}
