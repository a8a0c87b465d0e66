// docker-compose.yml cannot run here (no Docker engine), so it is checked as a document: it parses,
// every reference resolves, images are pinned, the app's processes exist, and every variable given
// to the app is one the app reads.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import draft07 from 'ajv/dist/refs/json-schema-draft-07.json';
import ts from 'typescript';
import { parse } from 'yaml';
import { MailEnvironment, ReadModelEnvironment } from '../../../config/environment';

const ROOT = resolve(__dirname, '../../..');

interface Service {
  image?: string;
  build?: string;
  command?: string[];
  depends_on?: Record<string, { condition: string }>;
  environment?: Record<string, string | number>;
  ports?: string[];
  healthcheck?: { test: string[] };
}

const compose = parse(readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8'), { merge: true }) as {
  services: Record<string, Service>;
  volumes?: Record<string, unknown>;
};
const services = Object.entries(compose.services);

// What `npm run build` compiles (tsconfig.build.json), as project-relative source paths.
const buildConfig = ts.getParsedCommandLineOfConfigFile(join(ROOT, 'tsconfig.build.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => undefined });
const buildSources = new Set((buildConfig?.fileNames ?? []).map((f) => relative(ROOT, f)));

/** `dist/worker/main.js` → `worker/main.ts`. */
function sourceOf(built: string): string {
  return built.replace(/^dist\//, '').replace(/\.js$/, '.ts');
}
const appServices = services.filter(([, s]) => s.build === '.');

describe('Dockerfile', () => {
  const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
  const stages = dockerfile.split(/^FROM /m).slice(1);

  test('builds with `npm run build` and runs the compiled worker with plain node, no tsx', () => {
    expect(stages).toHaveLength(2);
    const [build, runtime] = stages as [string, string];
    expect(build).toMatch(/^RUN npm run build$/m);
    expect(runtime).toMatch(/^COPY --from=build \/app\/dist \.\/dist$/m);
    expect(runtime).toMatch(/^RUN npm ci --omit=dev\b/m);
    expect(runtime).not.toMatch(/tsx/);
    expect(runtime).toMatch(/^CMD \["node", "dist\/worker\/main\.js"\]$/m);
    expect(buildSources.has('worker/main.ts')).toBe(true);
    // tsx is for development only: the image's `npm ci --omit=dev` does not even install it.
    const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(pkg.dependencies).not.toHaveProperty('tsx');
    expect(pkg.devDependencies).toHaveProperty('tsx');
  });
});

describe('docker-compose.yml', () => {
  test('runs Temporal on PostgreSQL with its Web UI, the namespace setup, workers and the API', () => {
    expect(Object.keys(compose.services)).toEqual(
      expect.arrayContaining(['postgresql', 'temporal-schema', 'temporal', 'temporal-ui', 'namespace-setup', 'worker', 'api-1', 'api-2', 'lb', 'mailpit']),
    );
  });

  test('every depends_on names a service of the file, with a condition compose knows', () => {
    for (const [name, service] of services) {
      for (const [dependency, { condition }] of Object.entries(service.depends_on ?? {})) {
        expect({ name, dependency, known: dependency in compose.services }).toEqual({ name, dependency, known: true });
        expect(['service_started', 'service_healthy', 'service_completed_successfully']).toContain(condition);
        // Waiting for health needs a healthcheck on the dependency.
        if (condition === 'service_healthy') expect(compose.services[dependency]).toHaveProperty('healthcheck.test');
      }
    }
  });

  test('third-party images are pinned to a version, never latest', () => {
    for (const [name, service] of services.filter(([, s]) => s.image && s.build === undefined)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:v?\d+(\.\d+)+(-[a-z]+)?$/) });
    }
  });

  test('published ports are bound to loopback only', () => {
    for (const [, service] of services) {
      for (const port of service.ports ?? []) expect(port).toMatch(/^127\.0\.0\.1:\d+:\d+$/);
    }
  });

  test("the app's services run compiled files of `npm run build` with plain node, from the project's Dockerfile", () => {
    expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
    expect(appServices.length).toBeGreaterThanOrEqual(3);
    for (const [name, service] of appServices) {
      expect({ name, command: service.command }).toEqual({ name, command: ['node', expect.stringMatching(/^dist\/.+\.js$/)] });
      const source = sourceOf(service.command![1]!);
      expect({ name, source, built: buildSources.has(source) }).toEqual({ name, source, built: true });
    }
  });

  test('the shipped party registry is where the image has it', () => {
    // `${ARENDE_PARTIES_FILE:-default}`: the default applies unless .env names the deployer's own file.
    const value = String(compose.services.worker?.environment?.ARENDE_PARTIES_FILE);
    expect(value.match(/^\$\{ARENDE_PARTIES_FILE:-(.+)\}$/)?.[1]).toBe('dist/config/parties.json');
    // npm run build copies config/parties.json there (scripts/build.ts).
    expect(existsSync(join(ROOT, 'config/parties.json'))).toBe(true);
    expect(readFileSync(join(ROOT, 'scripts/build.ts'), 'utf8')).toContain("'config/parties.json'");
  });

  test('the worker and the API read one read model: a database of its own on Temporal\'s PostgreSQL', () => {
    const urls = ['worker', 'api-1', 'api-2', 'namespace-setup'].map((name) => String(compose.services[name]?.environment?.ARENDE_READ_MODEL_URL));
    expect(new Set(urls).size).toBe(1);
    const url = new URL(urls[0]!.replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, 'secret'));
    expect([url.protocol, url.hostname, url.port, url.pathname]).toEqual(['postgres:', 'postgresql', '5432', '/arendeflode_lasmodell']);
    expect(compose.services.temporal?.environment?.POSTGRES_SEEDS).toBe('postgresql');
    expect(compose.services['temporal-schema']?.environment?.SQL_HOST).toBe('postgresql');
    expect(ReadModelEnvironment.safeParse({ ARENDE_READ_MODEL_URL: url.toString() }).success).toBe(true);
  });

  test('every variable passed to the app is one the app reads', () => {
    const known = variablesTheCodeReads();
    for (const [name, service] of appServices) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect({ name, variable, known: known.has(variable) }).toEqual({ name, variable, known: true });
      }
    }
  });
});

// ---------------------------------------------------------------------------------------------
// The Compose Specification's schema, the variables the code reads, the pinned versions.

const composeText = readFileSync(join(ROOT, 'docker-compose.yml'), 'utf8');
const envExample = readFileSync(join(ROOT, '.env.example'), 'utf8');
const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { temporalBinaries: { server: string; cli: string } };

/** ajv over the committed schema (deploy/compose-spec/, draft-07 as the file declares). */
function composeValidator() {
  const schema = JSON.parse(readFileSync(join(ROOT, 'deploy/compose-spec/compose-spec.json'), 'utf8')) as { $schema: string };
  // The draft ajv's default class implements; a schema of another draft would need another class.
  expect(schema.$schema).toMatch(/draft-07/);
  const ajv = new Ajv({ allErrors: true, strict: false });
  addFormats(ajv);
  // The file names draft-07 as https://json-schema.org/draft-07/schema; ajv knows it as http://…#.
  ajv.addMetaSchema({ ...draft07, $id: schema.$schema });
  return ajv.compile(schema);
}

/** The file as compose sees it: YAML merge keys resolved (compose supports them), ${…} left as text. */
function composeDocument(text: string): unknown {
  return parse(text, { merge: true });
}

/**
 * Every environment variable the image's code reads, found in the sources `npm run build` compiles
 * (so a variable added later is caught): the keys of every zod object in config/environment.ts,
 * the keys given to `.extend({…})`/`z.object({…})` anywhere, `process.env.X`, and any `env.X`
 * property access named like the project's variables.
 */
let variablesRead: Set<string> | undefined;
function variablesTheCodeReads(): Set<string> {
  if (variablesRead) return variablesRead;
  const found = new Set<string>();
  const ENV_NAME = /^[A-Z][A-Z0-9_]+$/;
  const PROJECT_NAME = /^(ARENDE|TEMPORAL)_[A-Z0-9_]+$/;
  for (const file of buildSources) {
    const source = ts.createSourceFile(file, readFileSync(join(ROOT, file), 'utf8'), ts.ScriptTarget.Latest, true);
    const visit = (node: ts.Node): void => {
      if (ts.isCallExpression(node)) {
        const callee = node.expression;
        const name = ts.isPropertyAccessExpression(callee) ? callee.name.text : '';
        if ((name === 'object' || name === 'extend') && node.arguments[0] && ts.isObjectLiteralExpression(node.arguments[0])) {
          for (const property of node.arguments[0].properties) {
            const key = property.name && (ts.isIdentifier(property.name) || ts.isStringLiteral(property.name)) ? property.name.text : '';
            if (ENV_NAME.test(key)) found.add(key);
          }
        }
      }
      if (ts.isPropertyAccessExpression(node)) {
        const key = node.name.text;
        const onProcessEnv = node.expression.getText(source) === 'process.env';
        if ((onProcessEnv && ENV_NAME.test(key)) || PROJECT_NAME.test(key)) found.add(key);
      }
      if (ts.isElementAccessExpression(node) && ts.isStringLiteral(node.argumentExpression) && node.expression.getText(source) === 'process.env') {
        found.add(node.argumentExpression.text);
      }
      ts.forEachChild(node, visit);
    };
    visit(source);
  }
  variablesRead = found;
  return found;
}

/** Names .env.example sets or documents: `NAME=…` or `# NAME=…` at the start of a line. */
const documented = new Set([...envExample.matchAll(/^#?\s*([A-Z][A-Z0-9_]*)=/gm)].map((m) => m[1]!));

describe('docker-compose.yml against the Compose Specification', () => {
  const validate = composeValidator();

  test('is valid under the Compose Specification JSON schema', () => {
    const valid = validate(composeDocument(composeText));
    expect(validate.errors ?? []).toEqual([]);
    expect(valid).toBe(true);
  });

  test.each([
    ['an unknown service key', composeText.replace('  temporal-ui:\n    image:', '  temporal-ui:\n    imagee: x\n    image:')],
    ['an unknown depends_on condition', composeText.replace('condition: service_healthy', 'condition: service_ready')],
    ['an unknown healthcheck key', composeText.replace('      retries: 20', '      retriez: 20')],
    ['an unknown top-level key', `${composeText}\nservicez: {}\n`],
  ])('rejects a copy with %s', (_what, mutated) => {
    expect(mutated).not.toBe(composeText);
    expect(validate(composeDocument(mutated))).toBe(false);
  });
});

describe('docker-compose.yml and .env.example', () => {
  test('every variable the code reads is set in compose or documented in .env.example', () => {
    const read = variablesTheCodeReads();
    // The scan finds what it must (a sample of each kind: a schema key, an .extend key, process.env).
    expect([...read]).toEqual(expect.arrayContaining(['TEMPORAL_TLS_CLIENT_CERT_PATH', 'ARENDE_LINK_SECRET', 'ARENDE_SESSION_SECRET', 'ARENDE_RETENTION_DAYS', 'NO_COLOR', 'ARENDE_METRICS_ADDRESS']));
    const setInCompose = new Set(services.flatMap(([, s]) => Object.keys(s.environment ?? {})));
    const missing = [...read].filter((name) => !setInCompose.has(name) && !documented.has(name)).sort();
    console.log(`${read.size} variables read by the built code; ${missing.length} neither in docker-compose.yml nor in .env.example`);
    expect(missing).toEqual([]);
  });

  test('the agreed OIDC and metrics variables are documented in .env.example', () => {
    for (const name of ['ARENDE_METRICS_ADDRESS', 'ARENDE_OIDC_ISSUER', 'ARENDE_OIDC_CLIENT_ID', 'ARENDE_OIDC_CLIENT_SECRET', 'ARENDE_OIDC_ROLE_CLAIM', 'ARENDE_OIDC_ROLE_MAP']) {
      expect({ name, documented: documented.has(name) }).toEqual({ name, documented: true });
    }
  });

  test('every ${VAR} docker-compose.yml uses is in .env.example', () => {
    const used = new Set([...composeText.replace(/\$\$/g, '').matchAll(/\$\{([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
    expect(used.size).toBeGreaterThan(5);
    expect([...used].filter((name) => !documented.has(name)).sort()).toEqual([]);
  });

  test('the required secrets have placeholders in .env.example that the app accepts', () => {
    const example = Object.fromEntries([...envExample.matchAll(/^([A-Z][A-Z0-9_]*)=(.*)$/gm)].map((m) => [m[1]!, m[2]!]));
    expect(Object.keys(example).sort()).toEqual(['ARENDE_API_TOKENS', 'ARENDE_LINK_SECRET', 'POSTGRES_PASSWORD']);
    // Interpolated unescaped into ARENDE_READ_MODEL_URL.
    expect(example.POSTGRES_PASSWORD).toMatch(/^[A-Za-z0-9-]+$/);
    expect(MailEnvironment.safeParse({ ARENDE_LINK_SECRET: example.ARENDE_LINK_SECRET }).success).toBe(true);
  });
});

describe('the deployment\'s shape', () => {
  const image = (name: string) => compose.services[name]?.image;

  test('Temporal is the pinned server release, not auto-setup; the UI is the one the CLI embeds', () => {
    expect(image('temporal')).toBe(`temporalio/server:${pkg.temporalBinaries.server}`);
    expect(image('temporal-schema')).toBe(`temporalio/admin-tools:${pkg.temporalBinaries.server}`);
    expect(services.some(([, s]) => s.image?.includes('auto-setup'))).toBe(false);
    // `temporal --version` of the pinned CLI: "temporal version 1.9.1 (Server 1.32.0, UI 2.54.1)" (docs/operations.md).
    expect(pkg.temporalBinaries.cli).toBe('1.9.1');
    expect(image('temporal-ui')).toBe('temporalio/ui:2.54.1');
  });

  test('the schema job sets up both databases with the postgres12 plugin before the server starts', () => {
    const job = compose.services['temporal-schema'] as Service & { command: string[] };
    const script = job.command.join('\n');
    expect(job.environment?.SQL_PLUGIN).toBe('postgres12');
    for (const step of ['create-database', 'setup-schema -v 0.0', 'update-schema -d "/etc/temporal/schema/postgresql/v12/$$schema/versioned"']) expect(script).toContain(step);
    expect(script).toContain('temporal:temporal temporal_visibility:visibility');
    expect(compose.services.temporal?.depends_on?.['temporal-schema']?.condition).toBe('service_completed_successfully');
    expect(compose.services.temporal?.environment?.DB).toBe('postgres12');
  });

  test('three workers and two API servers; the load balancer points at both API servers', () => {
    const worker = compose.services.worker as Service & { deploy?: { replicas?: number } };
    expect(worker.deploy?.replicas).toBe(3);
    const apis = services.filter(([, s]) => s.command?.[1] === 'dist/client/http/server.js').map(([name]) => name);
    expect(apis).toEqual(['api-1', 'api-2']);
    const lb = compose.services.lb as Service & { volumes: string[] };
    const mount = lb.volumes.find((v) => v.endsWith(':/usr/local/etc/haproxy/haproxy.cfg:ro'))!;
    const config = readFileSync(join(ROOT, mount.split(':')[0]!), 'utf8');
    const backend = config.match(/^\s*default_backend\s+(\S+)/m)![1];
    const section = config.split(new RegExp(`^backend ${backend}$`, 'm'))[1]!.split(/^\S/m)[0]!;
    expect([...section.matchAll(/^\s*server\s+\S+\s+([\w.-]+:\d+)/gm)].map((m) => m[1])).toEqual(['api-1:8080', 'api-2:8080']);
    // Only healthy servers get requests: the same liveness probe compose asks.
    expect(section).toMatch(/option httpchk GET \/healthz/);
    for (const api of apis) expect(lb.depends_on?.[api]?.condition).toBe('service_healthy');
    expect(lb.ports).toEqual(['127.0.0.1:8080:8080']);
    expect(config).toMatch(/^\s*bind :8080$/m);
  });

  test('the long-running services have a healthcheck of their own (the worker: the image\'s)', () => {
    for (const name of ['postgresql', 'temporal', 'api-1', 'api-2', 'lb', 'mailpit']) {
      expect({ name, test: compose.services[name]?.healthcheck?.test?.[0] }).toEqual({ name, test: expect.stringMatching(/^CMD(-SHELL)?$/) });
    }
    expect(compose.services.worker?.healthcheck).toBeUndefined();
  });

  test('the app runs on the Node 24 LTS that scripts/node-lts.js installs, with the image\'s HEALTHCHECK', () => {
    const dockerfile = readFileSync(join(ROOT, 'Dockerfile'), 'utf8');
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const { NODE_LTS } = require('../../../scripts/node-lts.js') as { NODE_LTS: string };
    expect(NODE_LTS).toMatch(/^24\.\d+\.\d+$/);
    expect(dockerfile).toContain(`ARG NODE_IMAGE=node:${NODE_LTS}-bookworm-slim`);
    expect(dockerfile.match(/^FROM \$\{NODE_IMAGE\}/gm)).toHaveLength(2);
    expect(dockerfile).toMatch(/^USER node$/m);
    expect(dockerfile).toMatch(/^HEALTHCHECK .*CMD \["node", "dist\/scripts\/image\/healthcheck\.js"\]$/m);
    expect(buildSources.has('scripts/image/healthcheck.ts')).toBe(true);
  });
});
