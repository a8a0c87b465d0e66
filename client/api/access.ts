// Who may call the API: bearer tokens with a role, read from the environment. Tokens are compared
// by their SHA-256 digest in constant time and never logged.
//   administrator           — everything
//   manager                 — reads everything, changes nothing
//   registrator of a party  — reads the cases that ask its party, reports that party's decision
import { createHash, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import { PartyId } from '../../domain/parties';

export const Role = z.enum(['administrator', 'manager', 'registrator']);
export type Role = z.infer<typeof Role>;

export const Principal = z.object({
  role: Role,
  /** Set for a registrator: the party it reports for. */
  party: PartyId.optional(),
  /** Shown in the case's event log as the actor, e.g. `administrator`, `registrator/krokom`. */
  name: z.string(),
});
export type Principal = z.infer<typeof Principal>;

interface TokenEntry {
  principal: Principal;
  digest: Buffer;
}

const digest = (token: string) => createHash('sha256').update(token, 'utf8').digest();

// One entry: `role=token` or `registrator/<party>=token`.
const TokenSpec = z
  .string()
  .regex(/^(administrator|manager|registrator\/[a-z0-9][a-z0-9-]*)=[^\s,]{16,}$/, {
    error: 'each entry must be `administrator=<token>`, `manager=<token>` or `registrator/<party-id>=<token>`, tokens at least 16 characters',
  });

/** Parses ARENDE_API_TOKENS: entries separated by commas or whitespace. */
export function parseApiTokens(value: string | undefined): TokenEntry[] {
  const entries = (value ?? '').split(/[\s,]+/).filter(Boolean);
  return entries.map((entry, index) => {
    const parsed = TokenSpec.safeParse(entry);
    if (!parsed.success) {
      throw new Error(`ARENDE_API_TOKENS entry ${index + 1}: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const separator = entry.indexOf('=');
    const name = entry.slice(0, separator);
    const [role, party] = name.split('/');
    return { principal: Principal.parse({ role, party, name }), digest: digest(entry.slice(separator + 1)) };
  });
}

export class AccessControl {
  constructor(private readonly entries: TokenEntry[]) {}

  /** The principal a bearer token belongs to, or undefined. Compares every entry (no early exit). */
  principalFor(token: string): Principal | undefined {
    return this.entryFor(token)?.principal;
  }

  /**
   * What a web session remembers of the token it was opened with: a fingerprint of the token's
   * digest (never the token). The session holds only as long as the token is configured: a token
   * removed from, or changed in, ARENDE_API_TOKENS ends its sessions at their next request.
   */
  sessionKeyFor(token: string): string | undefined {
    const entry = this.entryFor(token);
    return entry ? sessionKey(entry.digest) : undefined;
  }

  /** The principal whose token a session key was made from, if that token is still configured. */
  principalForSessionKey(key: string): Principal | undefined {
    const presented = Buffer.from(key, 'base64url');
    let found: Principal | undefined;
    for (const entry of this.entries) {
      const own = Buffer.from(sessionKey(entry.digest), 'base64url');
      if (own.length === presented.length && timingSafeEqual(own, presented)) found = entry.principal;
    }
    return found;
  }

  private entryFor(token: string): TokenEntry | undefined {
    const presented = digest(token);
    let found: TokenEntry | undefined;
    for (const entry of this.entries) {
      if (timingSafeEqual(entry.digest, presented)) found = entry;
    }
    return found;
  }
}

// A separate hash of the digest, so a session key is no stand-in for the token anywhere.
const sessionKey = (tokenDigest: Buffer) => createHash('sha256').update('arendeflode/session-key/v1').update(tokenDigest).digest().subarray(0, 18).toString('base64url');

/** Reads the token from `Authorization: Bearer <token>`. */
export function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)$/i);
  return match?.[1];
}
