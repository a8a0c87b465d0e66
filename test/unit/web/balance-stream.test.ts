// The streamed ärendebalanslista's chunks (client/web/overview-routes.ts balanceChunks; the stream over HTTP: test/integration/web-lists.test.ts) over an embedded read
// model (a SQLite file) of more cases than one chunk: the same lines as the list built at once, in
// several chunks, and the store free for other requests between them.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { balanceCsv } from '../../../client/web/overview';
import { balanceRowsOf } from '../../../client/web/overview-data';
import { CSV_CHUNK, balanceChunks } from '../../../client/web/overview-routes';
import type { WebDependencies } from '../../../client/web/context';
import { openReadModel, type ReadModel } from '../../../readmodel/open';
import { caseTracks, listCases } from '../../../readmodel/queries';
import { NINE_PARTIES, bulkLoad, ninePartyCase } from '../../helpers/read-model';

const CASES = 2 * CSV_CHUNK + 37;
const parties = NINE_PARTIES.map(([id, name]) => ({ id, name }));
let tmp: string;
let db: ReadModel;

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'arende-csv-'));
  db = await openReadModel({ kind: 'embedded', file: path.join(tmp, 'readmodel.sqlite') });
  await bulkLoad(db, Array.from({ length: CASES }, (_, i) => ninePartyCase({ n: i + 1, overdue: i % 3 ? [] : [1], final: i % 4 ? [] : [0, 2] })).flat());
  // Closed: not in the list.
  await bulkLoad(db, ninePartyCase({ n: CASES + 1, final: [0, 1, 2, 3, 4, 5, 6, 7, 8], stage: 'completed' }));
});

afterAll(async () => {
  await db?.destroy();
  fs.rmSync(tmp, { recursive: true, force: true });
});

const deps = () => ({ readModel: db, parties, now: () => Date.parse('2026-03-20T10:00:00Z') }) as unknown as WebDependencies;

test(`${CASES} cases: in chunks of ${CSV_CHUNK} cases, the same text as the whole list built at once`, async () => {
  const chunks: string[] = [];
  for await (const chunk of balanceChunks(deps(), {})) chunks.push(String(chunk));
  // The header, then one chunk per CSV_CHUNK cases.
  expect(chunks).toHaveLength(1 + Math.ceil(CASES / CSV_CHUNK));
  const { rows } = await listCases(db, { open: true }, { limit: 10_000, offset: 0 });
  expect(rows).toHaveLength(CASES);
  const tracks = await caseTracks(db, rows.map((r) => r.dnr));
  const whole = balanceCsv(balanceRowsOf(rows, tracks, parties, '2026-03-20' as never));
  expect(chunks.join('')).toBe(whole);
  // 9 tracks a case, two final in every fourth.
  expect(whole.trimEnd().split('\r\n')).toHaveLength(1 + CASES * 9 - 2 * Math.ceil(CASES / 4));
});

test('between chunks the store answers other requests (the stream holds no connection or transaction)', async () => {
  const stream = balanceChunks(deps(), { party: 'krokom' });
  expect(String((await stream.next()).value)).toMatch(/^\uFEFFDnr;/);
  expect(String((await stream.next()).value).split('\r\n')).toHaveLength(CSV_CHUNK + 1);
  // Another request meanwhile (a page of the overview): answered before the stream goes on.
  expect((await listCases(db, {}, { limit: 5, offset: 0 })).rows).toHaveLength(5);
  let rest = 0;
  for (let next = await stream.next(); !next.done; next = await stream.next()) rest += String(next.value).split('\r\n').length - 1;
  expect(CSV_CHUNK + rest).toBe(CASES);
});
