// One way to build a logger, for every process: the HTTP server (Fastify's own logger), the worker
// (bridged into the Temporal SDK's logger), the CLI's --debug output and `npm start`'s supervisor.
// pino writes JSON lines for a log collector, or (pretty) one readable line per entry through
// pino-pretty as a stream in this process: no transport worker thread, and synchronous writes, so a
// line logged just before process.exit() is never lost.
//
// Never a secret: the callers log no request headers, bodies or raw URLs (client/http/logging.ts);
// the paths below are censored as a second line of defence for a field that carries one anyway.
import pino, { type DestinationStream, type Logger, type LoggerOptions } from 'pino';
import pretty from 'pino-pretty';
import { LogEnvironment, readEnvironment } from '../config/environment';

export type { Logger };
export type LogLevel = LogEnvironment['ARENDE_LOG_LEVEL'];
export type LogFormat = NonNullable<LogEnvironment['ARENDE_LOG_FORMAT']>;

/** Fields censored wherever they appear (top level or one level down), whatever logged them. */
export const REDACTED_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'res.headers["set-cookie"]',
  'headers.authorization',
  'headers.cookie',
  '*.headers.authorization',
  '*.headers.cookie',
  ...['password', 'pass', 'token', 'secret', 'linkSecret', 'sessionSecret', 'apiKey', 'authorization', 'cookie'].flatMap((key) => [key, `*.${key}`]),
];

export interface LoggerSettings {
  /** Shown as `name` in every line: the process (http, worker, cli, start). */
  name: string;
  level: LogLevel;
  format: LogFormat;
  /**
   * `concise` (pretty only): `12:00:01 [name] message`, for the supervisor's few lines between
   * which a person reads the rest of its output; `full`: time, level, name, message and fields.
   */
  style?: 'full' | 'concise';
  /** Where the lines go: stdout (default) or stderr (the CLI, whose stdout is its answer). */
  fd?: 1 | 2;
  /** For tests: a stream instead of fd; pretty output then has no colour. */
  destination?: NodeJS.WritableStream;
}

/** The format to use when ARENDE_LOG_FORMAT is not set: JSON in production or into a pipe or file, pretty on a terminal. */
export function defaultFormat(env: Pick<LogEnvironment, 'NODE_ENV'>, isTty: boolean): LogFormat {
  return env.NODE_ENV === 'production' || !isTty ? 'json' : 'pretty';
}

/** Level and format from ARENDE_LOG_LEVEL / ARENDE_LOG_FORMAT; throws naming a bad variable. */
export function logSettingsFromEnvironment(name: string, options: { fd?: 1 | 2; source?: NodeJS.ProcessEnv; format?: LogFormat } = {}): LoggerSettings {
  const env = readEnvironment(LogEnvironment, options.source ?? process.env);
  const fd = options.fd ?? 1;
  const isTty = Boolean((fd === 2 ? process.stderr : process.stdout).isTTY);
  return { name, level: env.ARENDE_LOG_LEVEL, format: env.ARENDE_LOG_FORMAT ?? options.format ?? defaultFormat(env, isTty), fd };
}

const LEVEL_WORDS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };

function hhmmss(time: unknown): string {
  const date = new Date(typeof time === 'number' || typeof time === 'string' ? time : Date.now());
  return date.toTimeString().slice(0, 8);
}

function prettyStream(settings: LoggerSettings): DestinationStream {
  const tty = settings.destination ? false : Boolean((settings.fd === 2 ? process.stderr : process.stdout).isTTY);
  const common = {
    ...(settings.destination ? { destination: settings.destination } : { destination: settings.fd ?? 1 }),
    sync: true,
    colorize: tty && !process.env.NO_COLOR,
    singleLine: true,
  };
  if (settings.style === 'concise') {
    return pretty({
      ...common,
      ignore: 'pid,hostname,name,level,time',
      // Warnings and errors say so; ordinary lines are the message alone, as a person writes them.
      messageFormat: (log, messageKey) => {
        const level = typeof log.level === 'number' && log.level >= 40 ? `${LEVEL_WORDS[log.level] ?? log.level} ` : '';
        return `${hhmmss(log.time)} [${String(log.name)}] ${level}${String(log[messageKey])}`;
      },
    });
  }
  return pretty({ ...common, translateTime: 'SYS:HH:MM:ss.l', ignore: 'pid,hostname' });
}

/** The pino options every logger shares (also what Fastify's logger is built from). */
export function baseOptions(settings: LoggerSettings): LoggerOptions {
  return {
    name: settings.name,
    level: settings.level,
    redact: { paths: REDACTED_PATHS, censor: '[hidden]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    // The SDK passes errors as `error`; both keys get message, type and stack.
    serializers: { err: pino.stdSerializers.err, error: pino.stdSerializers.err },
  };
}

export function createLogger(settings: LoggerSettings): Logger {
  const destination =
    settings.format === 'pretty'
      ? prettyStream(settings)
      : settings.destination
        ? (settings.destination as DestinationStream)
        : pino.destination({ fd: settings.fd ?? 1, sync: true });
  return pino(baseOptions(settings), destination);
}

/**
 * A process's logger from the environment. A bad ARENDE_LOG_LEVEL or ARENDE_LOG_FORMAT stops the
 * process at start-up with the variable and the rule, as every other bad variable does.
 */
export function processLogger(name: string, options: { style?: 'full' | 'concise'; fd?: 1 | 2; /** Instead of the default rule, when ARENDE_LOG_FORMAT is not set. */ format?: LogFormat } = {}): Logger {
  let settings: LoggerSettings;
  try {
    settings = logSettingsFromEnvironment(name, { fd: options.fd, format: options.format });
  } catch (err) {
    process.stderr.write(`[${name}] could not start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exit(1);
  }
  return createLogger({ ...settings, ...(options.style ? { style: options.style } : {}) });
}
