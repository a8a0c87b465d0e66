// The embedded default's secrets, made once and kept in the data folder (git-ignored): the API
// tokens of a local administrator and manager, and the key that signs report links. Values the
// user sets in the environment win.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';

const LocalSecrets = z.object({
  administratorToken: z.string().min(16),
  managerToken: z.string().min(16),
  linkSecret: z.string().min(32),
});
type LocalSecrets = z.infer<typeof LocalSecrets>;

const random = () => randomBytes(24).toString('base64url');

export function localSecrets(file: string): LocalSecrets {
  if (existsSync(file)) return LocalSecrets.parse(JSON.parse(readFileSync(file, 'utf8')));
  const secrets = { administratorToken: random(), managerToken: random(), linkSecret: randomBytes(32).toString('base64url') };
  writeFileSync(file, JSON.stringify(secrets, null, 2) + '\n', { mode: 0o600 });
  return secrets;
}

/** The variables the children get, unless the environment already sets them. */
export function secretEnvironment(secrets: LocalSecrets, env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    ARENDE_API_TOKENS: env.ARENDE_API_TOKENS ?? `administrator=${secrets.administratorToken},manager=${secrets.managerToken}`,
    ARENDE_LINK_SECRET: env.ARENDE_LINK_SECRET ?? secrets.linkSecret,
  };
}
