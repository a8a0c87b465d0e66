// The production store's database is created on first open when the server has none by that name
// (docker-compose.yml: the read model's database beside Temporal's on one PostgreSQL), also by two
// processes starting at once; a wrong server still fails, naming the cause.
import { openReadModel } from '../../../readmodel/open';
import { postgresBin, startPostgres, type TestPostgres } from '../../helpers/read-model';

const PG_BIN = postgresBin();
const maybe = PG_BIN ? describe : describe.skip;
if (!PG_BIN) console.warn('PostgreSQL binaries not found (apt-get install -y postgresql-15): the read model database test is skipped.');

maybe('the read model on a PostgreSQL without its database', () => {
  let postgres: TestPostgres;
  beforeAll(async () => {
    postgres = await startPostgres(PG_BIN!);
  });
  afterAll(async () => postgres?.stop());

  test('the first processes to open it create it (at once, two of them) and migrate it', async () => {
    const url = new URL(postgres.url);
    url.pathname = '/arendeflode_lasmodell';
    const [a, b] = await Promise.all([openReadModel({ kind: 'postgres', url: url.toString() }), openReadModel({ kind: 'postgres', url: url.toString() })]);
    try {
      expect(await a.selectFrom('case_row').selectAll().execute()).toEqual([]);
      expect(await b.selectFrom('projection_version').selectAll().execute()).toEqual([]);
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });

  test('a server that refuses the connection is an error, not a database to create', async () => {
    const url = new URL(postgres.url);
    url.port = '1';
    await expect(openReadModel({ kind: 'postgres', url: url.toString() })).rejects.toThrow(/ECONNREFUSED|connect/);
  });
});
