// domain/ is imported by Temporal workflow code, which runs in a deterministic sandbox: no Node
// built-ins, no clock, no randomness, no timers. This guards the rule for every domain module.
import { readFileSync, readdirSync } from 'node:fs';
import path from 'node:path';

const DOMAIN = path.join(__dirname, '../../../domain');
const FORBIDDEN: [RegExp, string][] = [
  [/from ['"](node:|fs|path|os|child_process|crypto|http|https|net|util)['"/]/, 'imports a Node built-in'],
  [/\brequire\(/, 'uses require'],
  [/\bprocess\./, 'reads process'],
  [/Date\.now\(/, 'reads the clock'],
  [/new Date\(\s*\)/, 'reads the clock'],
  [/Math\.random\(/, 'is random'],
  [/\bset(Timeout|Interval|Immediate)\(/, 'uses a timer'],
  [/toLocale\w*\(/, 'depends on the host locale'],
];

test('domain modules are deterministic and free of I/O', () => {
  const offences: string[] = [];
  for (const file of readdirSync(DOMAIN).filter((f) => f.endsWith('.ts'))) {
    const source = readFileSync(path.join(DOMAIN, file), 'utf8');
    for (const [pattern, what] of FORBIDDEN) if (pattern.test(source)) offences.push(`${file} ${what}`);
  }
  expect(offences).toEqual([]);
});
