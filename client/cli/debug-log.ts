// `arende --debug` (or ARENDE_DEBUG=1): what a command does, for someone finding out why it failed or
// was slow: which way it reaches the cases (the HTTP API or Temporal, and where), each API request
// with its status, time and the server's X-Request-Id (to find the server's own lines), and a
// failure with its stack. Log lines (lib/logger.ts) on stderr: readable on a terminal, JSON lines
// otherwise or with ARENDE_LOG_FORMAT=json. What the command prints is the same with or without it.
// Never an API token: requests are logged by method and path, options are not logged.
import { Writable } from 'node:stream';
import pino from 'pino';
import { CliEnvironment, LogEnvironment, readEnvironment } from '../../config/environment';
import { createLogger, type Logger } from '../../lib/logger';
import type { CliIo } from './io';

const silent: Logger = pino({ level: 'silent' });
let current: Logger = silent;

/** The running command's debug logger: silent unless --debug or ARENDE_DEBUG=1. */
export function debugLog(): Logger {
  return current;
}

/** Whether ARENDE_DEBUG asks for debug lines; throws naming the variable when its value is bad. */
export function debugFromEnvironment(env: NodeJS.ProcessEnv = process.env): boolean {
  return readEnvironment(CliEnvironment, env).ARENDE_DEBUG;
}

/** Turns debug lines on for this command, written with `io.err`. */
export function startDebugLog(io: CliIo, env: NodeJS.ProcessEnv = process.env): void {
  const settings = readEnvironment(LogEnvironment, env);
  const destination = new Writable({
    write(chunk: Buffer, _encoding, done) {
      io.err(chunk.toString());
      done();
    },
  });
  current = createLogger({
    name: 'cli',
    level: settings.ARENDE_LOG_LEVEL === 'trace' ? 'trace' : 'debug',
    format: settings.ARENDE_LOG_FORMAT ?? (io.errIsTty ? 'pretty' : 'json'),
    destination,
  });
}

export function stopDebugLog(): void {
  current = silent;
}
