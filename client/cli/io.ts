// Where a command writes; tests pass their own.
export interface CliIo {
  out: (text: string) => void;
  err: (text: string) => void;
  /** True when stderr is a terminal: the import shows a progress bar there instead of plain lines. */
  errIsTty?: boolean;
  /** The stream the progress bar draws on (process.stderr by default). */
  errStream?: NodeJS.WritableStream;
}
