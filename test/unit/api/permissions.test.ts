// The permission table itself (client/api/permissions.ts): every row as the issue states it (the
// manager reads everything and changes nothing; a registrator only within its party), the README's
// roles table is the code's, and the check refuses a route that names no action.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import Fastify, { type FastifyInstance } from 'fastify';
import { Action, PERMISSIONS, grantOf, permissionsMarkdown, refusalFor } from '../../../client/api/permissions';
import { Role } from '../../../client/api/access';
import { installAccessCheck } from '../../../client/http/access-hook';

// Written out by hand, so a changed row is a decision someone made here too.
const EXPECTED: Record<Action, Record<Role, true | false | string>> = {
  public: { administrator: true, manager: true, registrator: true },
  'report-link': { administrator: true, manager: true, registrator: true },
  'case.list': { administrator: true, manager: true, registrator: 'lists-of-party' },
  'case.read': { administrator: true, manager: true, registrator: 'cases-asking-party' },
  'case.export': { administrator: true, manager: true, registrator: false },
  'outstanding.read': { administrator: true, manager: true, registrator: 'lists-of-party' },
  'overview.read': { administrator: true, manager: true, registrator: false },
  'party.read': { administrator: true, manager: true, registrator: 'page-of-party' },
  'case.register': { administrator: true, manager: false, registrator: false },
  'beredning.record': { administrator: true, manager: false, registrator: false },
  'rsr.record': { administrator: true, manager: false, registrator: false },
  'justering.record': { administrator: true, manager: false, registrator: 'events-of-party' },
  'anslag.record': { administrator: true, manager: false, registrator: 'events-of-party' },
  'decision.record': { administrator: true, manager: false, registrator: 'events-of-party' },
  'appeal.record': { administrator: true, manager: false, registrator: 'events-of-party' },
  'correction.record': { administrator: true, manager: false, registrator: false },
  'case.withdraw': { administrator: true, manager: false, registrator: false },
  'track.close': { administrator: true, manager: false, registrator: false },
  'delivery.retry': { administrator: true, manager: false, registrator: false },
  'mail.read': { administrator: true, manager: false, registrator: false },
  'document.parse': { administrator: true, manager: false, registrator: 'lists-of-party' },
};

test('every action × every role is granted exactly as written here', () => {
  const actual = Object.fromEntries(Action.options.map((action) => [action, Object.fromEntries(Role.options.map((role) => [role, grantOf(action, role)]))]));
  expect(actual).toEqual(EXPECTED);
});

test('the manager changes nothing: it is granted only reading actions', () => {
  const managerMay = Action.options.filter((a) => grantOf(a, 'manager') !== false && a !== 'public' && a !== 'report-link');
  expect(managerMay.every((a) => /\.(read|list|export)$/.test(a))).toBe(true);
});

test("a registrator's grant is always scoped to its party, never the whole table's", () => {
  for (const action of Object.keys(PERMISSIONS) as (keyof typeof PERMISSIONS)[]) expect([false, 'cases-asking-party', 'events-of-party', 'lists-of-party', 'page-of-party']).toContain(grantOf(action, 'registrator'));
});

test("the README's roles table is the code's table", () => {
  const readme = readFileSync(join(__dirname, '../../../README.md'), 'utf8');
  const section = readme.match(/<!-- permissions:start -->\n([\s\S]*?)\n<!-- permissions:end -->/);
  expect(section?.[1]).toBe(permissionsMarkdown());
});

test('a refusal says in Swedish who asks, what the role may not do and who may (no token names, no party ids)', () => {
  expect(refusalFor('decision.record', 'manager', 'manager')).toBe(
    'förvaltare får inte registrera en huvudmans beslut; det får administratör och registrator (för den egna parten)',
  );
  expect(refusalFor('mail.read', 'manager', 'manager')).toBe('förvaltare får inte läsa fångad e-post (den innehåller rapportlänkar); det får administratör');
  expect(refusalFor('case.export', 'registrator', 'registrator/krokom', { krokom: 'Krokoms kommun' })).toBe(
    'registrator för Krokoms kommun får inte exportera ärendets akt för arkivering; det får administratör och förvaltare',
  );
});

describe('the check', () => {
  async function server(register: (app: FastifyInstance) => void) {
    const app = Fastify();
    installAccessCheck(app, { huvudmanOf: async () => [] });
    app.addHook('onRequest', async (req) => {
      if (req.headers['x-role']) req.principal = { role: Role.parse(req.headers['x-role']), name: String(req.headers['x-role']) };
    });
    register(app);
    return app;
  }

  test('a route without an action stops the server from starting', async () => {
    const app = await server((a) => {
      a.get('/with', { config: { action: 'public' } }, async () => 'ok');
      a.get('/without', async () => 'ok');
    });
    await expect(app.ready()).rejects.toThrow(/without an action in the permission table: GET \/without/);
  });

  test('every route is listed with its action, including those of nested scopes', async () => {
    const app = await server((a) => {
      a.get('/a', { config: { action: 'mail.read' } }, async () => 'ok');
      a.register(async (scope: FastifyInstance) => {
        scope.post('/b', { config: { action: 'case.register' } }, async () => 'ok');
      });
    });
    await app.ready();
    expect(app.routeActions!().filter((r) => r.method !== 'HEAD')).toEqual([
      { method: 'GET', url: '/a', action: 'mail.read' },
      { method: 'POST', url: '/b', action: 'case.register' },
    ]);
    expect((await app.inject({ url: '/a', headers: { 'x-role': 'manager' } })).statusCode).toBe(403);
    expect((await app.inject({ url: '/a' })).statusCode).toBe(401);
    expect((await app.inject({ url: '/a', headers: { 'x-role': 'administrator' } })).statusCode).toBe(200);
    expect((await app.inject({ method: 'HEAD', url: '/a', headers: { 'x-role': 'manager' } })).statusCode).toBe(403);
  });
});
