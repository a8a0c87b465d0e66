// How a failure ends the `arende` command: bad input exits 2 naming the flag or field, a refusal,
// an unknown case, an unreachable server or a request to try again later (a decision track not
// started yet, API 503) exits 1 with the reason.
import { ValidationError, type FieldIssue } from '../../domain/errors';
import { CaseNotFound, CaseRefused, CaseUnavailable } from '../api/gateway';
import { ApiRequestError } from './http-gateway';
import { refusalInWords } from '../../domain/words';

export const EXIT = { ok: 0, failure: 1, badInput: 2 } as const;

/** Bad input from the user: reported as `arende <command>: <message>`, exit code 2. */
export class UsageError extends Error {
  override name = 'UsageError';
}

/** One line per problem, naming the field: `  Sammanträdesdatum: "2026-02-30" finns inte …`. */
export function issueLines(issues: readonly FieldIssue[]): string {
  return issues.map((issue) => `  ${issue.field}: ${issue.message}${issue.path ? ` [${issue.path}]` : ''}\n`).join('');
}

/** Temporal (or the API) could not be reached: the message names the address tried; exit 1, no stack trace. */
export class ServerUnreachable extends Error {
  override name = 'ServerUnreachable';
}

/** Ends the command with `code` after it has already said why (e.g. the import's summary). */
export class SilentExit extends Error {
  override name = 'SilentExit';
  constructor(readonly code: number) {
    super(`exit ${code}`);
  }
}

/** Writes the message for `error` with `write` and returns the exit code. */
export function reportError(error: unknown, write: (text: string) => void): number {
  if (error instanceof SilentExit) return error.code;
  if (error instanceof UsageError) {
    write(`${error.message}\n`);
    return EXIT.badInput;
  }
  if (error instanceof ValidationError) {
    write(`arende: ogiltig indata: ${error.message}\n${issueLines(error.issues)}`);
    return EXIT.badInput;
  }
  if (error instanceof ApiRequestError) {
    const details = error.details.map((d) => `  ${d.path}: ${d.message}\n`).join('');
    write(`arende: ${error.status ? `API ${error.status}: ` : ''}${refusalInWords(error.message)}\n${details}`);
    return error.status === 400 ? EXIT.badInput : EXIT.failure;
  }
  if (error instanceof CaseNotFound || error instanceof CaseRefused || error instanceof CaseUnavailable) {
    write(`arende: ${refusalInWords(error.message)}\n`);
    return EXIT.failure;
  }
  write(`arende: ${error instanceof Error ? error.message : String(error)}\n`);
  return EXIT.failure;
}
