// The web sessions' table (readmodel/migrations/0006-web-session.ts, client/web/session.ts
// ReadModelSessionStore) on both stores: SQLite and PostgreSQL (a throw-away cluster; skipped, with
// a note, only when the server binaries are not installed). Two handles on one store stand for two
// HTTP servers: what one opens the other finds, what one closes is gone for both; the bound and the
// 8-hour expiry hold; a person's session keeps its principal.
import { openReadModel, type ReadModel } from '../../../readmodel/open';
import { ReadModelSessionStore, SESSION_HOURS } from '../../../client/web/session';
import { Principal } from '../../../client/api/access';
import { readModelStores } from '../../helpers/read-model';
import { STACK_STOP_TIMEOUT_MS } from '../../helpers/teardown';

jest.setTimeout(120_000);

const STORES = readModelStores('the web session table');
const at = Date.parse('2026-12-01T08:00:00Z');

describe.each(STORES.map((s) => [s.name, s] as const))('web sessions: %s', (_name, store) => {
  const maybe = store.skip ? describe.skip : describe;
  maybe('', () => {
    let one: ReadModel;
    let other: ReadModel;
    beforeAll(async () => {
      const config = await store.setup();
      one = await openReadModel(config);
      other = await openReadModel(config);
    });
    afterAll(async () => {
      try {
        await one?.destroy();
        await other?.destroy();
      } finally {
        await store.teardown();
      }
    }, STACK_STOP_TIMEOUT_MS);

    test('shared by two handles; bounded, oldest first; ended after 8 hours; a person keeps their principal', async () => {
      const [a, b] = [new ReadModelSessionStore(one, 3), new ReadModelSessionStore(other, 3)];
      const person = Principal.parse({ role: 'registrator', party: 'krokom', name: 'person/registrator/krokom/o-1/Anna Berg' });
      const theirs = await a.open({ key: 'person-key-0000000', person }, at);
      expect(await b.find(theirs.id, at + 1)).toEqual({ key: 'person-key-0000000', person });
      await b.close(theirs.id);
      expect(await a.find(theirs.id, at + 2)).toBeUndefined();

      const opened: { id: string }[] = [];
      for (const i of [0, 1, 2, 3]) opened.push(await (i % 2 ? a : b).open({ key: `token-key-${i}` }, at + 10 + i));
      expect(await b.find(opened[0]!.id, at + 20)).toBeUndefined();
      expect(await Promise.all(opened.slice(1).map(async (o) => (await a.find(o.id, at + 20))?.key))).toEqual(['token-key-1', 'token-key-2', 'token-key-3']);
      const end = at + 13 + SESSION_HOURS * 3_600_000;
      expect(await a.find(opened[3]!.id, end - 1)).toEqual({ key: 'token-key-3' });
      expect(await a.find(opened[3]!.id, end)).toBeUndefined();
      // Opening after they ended clears them out.
      await b.open({ key: 'token-key-4' }, end + 1);
      expect((await one.selectFrom('web_session').select('key').execute()).map((r) => r.key)).toEqual(['token-key-4']);
    });
  });
});
