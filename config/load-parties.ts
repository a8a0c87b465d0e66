// Loads the party registry from the deployer's data file: ARENDE_PARTIES_FILE, default
// config/parties.json. Called once at start-up; a bad file stops the process with a message
// naming the file, the party and the field, so a deployer can fix it without reading code.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { validate } from '../domain/errors';
import { PartiesFile, createPartyRegistry, type PartyRegistry } from '../domain/parties';

export const DEFAULT_PARTIES_FILE = path.join(__dirname, 'parties.json');

export class PartiesFileError extends Error {
  constructor(readonly file: string, readonly problems: string[]) {
    super(`${file}: partregistret är ogiltigt:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'PartiesFileError';
  }
}

/** The file to read: `ARENDE_PARTIES_FILE` (relative to the working directory) or the shipped default. */
export function partiesFilePath(env: NodeJS.ProcessEnv = process.env): string {
  const configured = env.ARENDE_PARTIES_FILE?.trim();
  return configured ? path.resolve(configured) : DEFAULT_PARTIES_FILE;
}

/** Which party an issue path points into, e.g. `parties.3.registrator` → `part "krokom" (nr 4)`. */
function owner(raw: unknown, issuePath: string): string | undefined {
  const [list, index] = issuePath.split('.');
  if ((list !== 'parties' && list !== 'groups') || index === undefined) return undefined;
  const entries = (raw as Record<string, unknown> | null)?.[list];
  const entry = Array.isArray(entries) ? (entries[Number(index)] as Record<string, unknown> | undefined) : undefined;
  const noun = list === 'parties' ? 'part' : 'grupp';
  const id = typeof entry?.id === 'string' ? ` "${entry.id}"` : '';
  return `${noun}${id} (nr ${Number(index) + 1})`;
}

/** Validates already-read JSON text; `file` only names the source in messages. */
export function parsePartiesText(text: string, file: string): PartyRegistry {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch (error) {
    throw new PartiesFileError(file, [`filen är inte giltig JSON: ${(error as Error).message}`]);
  }
  const result = validate(PartiesFile, raw);
  if (!result.ok) {
    throw new PartiesFileError(
      file,
      result.issues.map((issue) => {
        const who = owner(raw, issue.path);
        // "Part 4 › Registrator" becomes "part "krokom" (nr 4) › Registrator": the id is what a deployer searches for.
        const field = who ? [who, ...issue.field.split(' › ').slice(1)].join(' › ') : issue.field;
        return `${field}: ${issue.message} [${issue.path || 'filen'}]`;
      }),
    );
  }
  return createPartyRegistry(result.value);
}

export function loadParties(file: string = partiesFilePath()): PartyRegistry {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new PartiesFileError(file, [`filen kan inte läsas (${(error as NodeJS.ErrnoException).code ?? (error as Error).message}); sätt ARENDE_PARTIES_FILE till partregistrets sökväg`]);
  }
  return parsePartiesText(text, file);
}
