// `npm start`'s "Try this" hint: its commands reach the stack that printed them, on whatever ports.
import { execFileSync } from 'node:child_process';
import { shellWord, tryThisHint, tryThisLines } from '../../../scripts/stack/try-this';

const target = { address: '127.0.0.1:17233', namespace: 'arendeflode', taskQueue: 'arendeflode', httpUrl: 'http://127.0.0.1:18080', secretsFile: '/tmp/data/secrets.json' };

test('a custom Temporal port is set as TEMPORAL_ADDRESS; the API command names its address and reads the token from the data folder', () => {
  const [env, direct, api] = tryThisLines(target);
  expect(env).toBe('export TEMPORAL_ADDRESS=127.0.0.1:17233');
  expect(direct).toBe('npx arende import demo/cases && npx arende outstanding --overdue');
  expect(api).toBe(`npx arende outstanding --overdue --api http://127.0.0.1:18080 --token "$(node -p 'require("/tmp/data/secrets.json").administratorToken')"`);
  expect(tryThisHint(target)).toContain('Temporal at 127.0.0.1:17233');
});

test('a read model outside the default data folder is named, so the CLI\'s lists read this stack\'s', () => {
  expect(tryThisLines({ ...target, readModelFile: '/tmp/data/readmodel.sqlite' })[0]).toBe('export TEMPORAL_ADDRESS=127.0.0.1:17233 ARENDE_READ_MODEL_FILE=/tmp/data/readmodel.sqlite');
});

test('a namespace or task queue other than the CLI default is set too', () => {
  expect(tryThisLines({ ...target, namespace: 'prov', taskQueue: 'kö 2' })[0]).toBe(`export TEMPORAL_ADDRESS=127.0.0.1:17233 TEMPORAL_NAMESPACE=prov ARENDE_TASK_QUEUE='kö 2'`);
});

test('the printed lines are what a shell runs: the variables and the token expression come out as written', () => {
  const [env] = tryThisLines({ ...target, taskQueue: "it's" , secretsFile: "/tmp/a b/it's.json" });
  const api = tryThisLines({ ...target, secretsFile: "/tmp/a b/it's.json" })[2]!;
  const shown = execFileSync('sh', ['-c', `${env} && printf '%s|%s\\n' "$TEMPORAL_ADDRESS" "$ARENDE_TASK_QUEUE"`], { encoding: 'utf8' });
  expect(shown).toBe("127.0.0.1:17233|it's\n");
  const expression = api.match(/node -p (.*)\)"$/)![1]!;
  expect(execFileSync('sh', ['-c', `printf '%s' ${expression}`], { encoding: 'utf8' })).toBe(`require("/tmp/a b/it's.json").administratorToken`);
  expect(shellWord('a b')).toBe(`'a b'`);
});
