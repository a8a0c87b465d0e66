// docker-compose.yml cannot run here (no Docker engine), so it is checked as a document: it parses,
// every reference resolves, images are pinned, the app's processes exist, and every variable given
// to the app is one the app reads.
import { existsSync, readFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { parse } from 'yaml';
import { HttpEnvironment, MailEnvironment, ReadModelEnvironment, StackEnvironment, TemporalEnvironment } from '../../../config/environment';

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
      expect.arrayContaining(['postgresql', 'temporal', 'temporal-ui', 'namespace-setup', 'worker', 'api']),
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
    for (const [name, service] of services.filter(([, s]) => s.image)) {
      expect({ name, image: service.image }).toEqual({ name, image: expect.stringMatching(/^[\w./-]+:v?\d+(\.\d+)+$/) });
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
    const urls = ['worker', 'api'].map((name) => String(compose.services[name]?.environment?.ARENDE_READ_MODEL_URL));
    expect(urls[0]).toBe(urls[1]);
    const url = new URL(urls[0]!.replace(/\$\{POSTGRES_PASSWORD[^}]*\}/, 'secret'));
    expect([url.protocol, url.hostname, url.port, url.pathname]).toEqual(['postgres:', 'postgresql', '5432', '/arendeflode_lasmodell']);
    expect(compose.services.temporal?.environment?.POSTGRES_SEEDS).toBe('postgresql');
    expect(ReadModelEnvironment.safeParse({ ARENDE_READ_MODEL_URL: url.toString() }).success).toBe(true);
  });

  test('every variable passed to the app is one the app reads', () => {
    const known = new Set([
      ...Object.keys(TemporalEnvironment.shape),
      ...Object.keys(HttpEnvironment.shape),
      ...Object.keys(StackEnvironment.shape),
      ...Object.keys(MailEnvironment.shape),
      ...Object.keys(ReadModelEnvironment.shape),
      'ARENDE_PARTIES_FILE',
    ]);
    for (const [name, service] of appServices) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect({ name, variable, known: known.has(variable) }).toEqual({ name, variable, known: true });
      }
    }
  });
});
