// docker-compose.yml cannot run here (no Docker engine), so it is checked as a document: it parses,
// every reference resolves, images are pinned, the app's processes exist, and every variable given
// to the app is one the app reads.
import { existsSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parse } from 'yaml';
import { HttpEnvironment, MailEnvironment, StackEnvironment, TemporalEnvironment } from '../../../config/environment';

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
const appServices = services.filter(([, s]) => s.build === '.');

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

  test("the app's services run files that exist, from the project's Dockerfile", () => {
    expect(existsSync(join(ROOT, 'Dockerfile'))).toBe(true);
    expect(appServices.length).toBeGreaterThanOrEqual(3);
    for (const [, service] of appServices) {
      const file = service.command?.at(-1);
      expect(file && existsSync(join(ROOT, file))).toBe(true);
    }
  });

  test('every variable passed to the app is one the app reads', () => {
    const known = new Set([
      ...Object.keys(TemporalEnvironment.shape),
      ...Object.keys(HttpEnvironment.shape),
      ...Object.keys(StackEnvironment.shape),
      ...Object.keys(MailEnvironment.shape),
      'ARENDE_PARTIES_FILE',
    ]);
    for (const [name, service] of appServices) {
      for (const variable of Object.keys(service.environment ?? {})) {
        expect({ name, variable, known: known.has(variable) }).toEqual({ name, variable, known: true });
      }
    }
  });
});
