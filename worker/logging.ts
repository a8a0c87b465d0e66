// The worker's logs, all through one pino logger (lib/logger.ts): the Temporal SDK's Runtime logger
// is a bridge to it (Runtime.install, as in the SDK samples' custom-logger), so the SDK's own lines
// (worker state, bundling, activity and workflow task failures), the workflows' `log` (from
// @temporalio/workflow: its lines carry workflowId, runId, workflowType), the activities'
// `Context.current().log` (activityId, attempt …) and the Rust core's lines (forwarded) all come out
// in one format, with the SDK's metadata as fields.
import { makeTelemetryFilterString, Runtime } from '@temporalio/worker';
import type { LogLevel as SdkLogLevel, LogMetadata, Logger as SdkLogger } from '@temporalio/common';
import type { LogLevel, Logger } from '../lib/logger';

const SDK_LEVEL: Record<LogLevel, SdkLogLevel> = { trace: 'TRACE', debug: 'DEBUG', info: 'INFO', warn: 'WARN', error: 'ERROR', fatal: 'ERROR', silent: 'ERROR' };
const PINO_METHOD: Record<SdkLogLevel, 'trace' | 'debug' | 'info' | 'warn' | 'error'> = { TRACE: 'trace', DEBUG: 'debug', INFO: 'info', WARN: 'warn', ERROR: 'error' };

/** The SDK's Logger interface over a pino logger; pino's level filters. */
export class SdkLogBridge implements SdkLogger {
  constructor(private readonly logger: Logger) {}

  log(level: SdkLogLevel, message: string, meta?: LogMetadata): void {
    // Only string keys: the SDK's own timestamp symbol stays out (pino stamps the line). An
    // activity's task token stays out too: whoever holds it can complete the activity.
    const { taskToken: _taskToken, ...fields } = meta ? Object.fromEntries(Object.entries(meta)) : {};
    this.logger[PINO_METHOD[level]](fields, message);
  }
  trace(message: string, meta?: LogMetadata) {
    this.log('TRACE', message, meta);
  }
  debug(message: string, meta?: LogMetadata) {
    this.log('DEBUG', message, meta);
  }
  info(message: string, meta?: LogMetadata) {
    this.log('INFO', message, meta);
  }
  warn(message: string, meta?: LogMetadata) {
    this.log('WARN', message, meta);
  }
  error(message: string, meta?: LogMetadata) {
    this.log('ERROR', message, meta);
  }
}

/**
 * The SDK's Runtime, installed once (before the first NativeConnection): its logger is the bridge,
 * and with `metricsAddress` the Rust core serves Prometheus `/metrics` there (the SDK's worker,
 * workflow and activity metrics, plus the project's own through the SDK's metric meter:
 * worker/metrics.ts). Durations in seconds, units and `_total` as Prometheus names them. The core's
 * lines are forwarded at the same level, but never below INFO: its DEBUG and TRACE lines describe
 * every activation and poll, far more than an operator reads.
 */
export function installSdkRuntime(logger: Logger, options: { metricsAddress?: string } = {}): void {
  const level = SDK_LEVEL[logger.level as LogLevel] ?? 'INFO';
  const core = level === 'TRACE' || level === 'DEBUG' ? 'INFO' : level;
  Runtime.install({
    logger: new SdkLogBridge(logger),
    telemetryOptions: {
      logging: { forward: {}, filter: makeTelemetryFilterString({ core }) },
      ...(options.metricsAddress
        ? { metrics: { prometheus: { bindAddress: options.metricsAddress, useSecondsForDurations: true, unitSuffix: true, countersTotalSuffix: true } } }
        : {}),
    },
  });
}
