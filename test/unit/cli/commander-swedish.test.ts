// Commander's own messages and help in Swedish: what `arende` says about an unknown option, a missing
// argument or flag, an unknown command, and the headings of its help.
import { run } from '../../../client/cli/main';

async function arende(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await run(argv, { out: (t: string) => (out += t), err: (t: string) => (err += t), errIsTty: false, errStream: process.stderr } as never);
  return { code, out, err };
}

test.each([
  [['case', 'show', 'RS/62/2026', '--nope'], 'arende case show: okänd flagga --nope', '(arende case show --help visar hjälpen)'],
  [['case', 'show'], 'arende case show: <dnr>: saknas', '(arende case show --help visar hjälpen)'],
  [['bogus'], 'arende: okänt kommando bogus', '(arende --help visar hjälpen)'],
  [['outstanding', '--party'], 'arende outstanding: --party <id>: värdet saknas', '(arende outstanding --help visar hjälpen)'],
  [['decide', 'RS/62/2026'], 'arende decide: --party <id>: saknas (flaggan krävs)', '(arende decide --help visar hjälpen)'],
  [['case', 'show', 'RS/62/2026', 'extra'], 'arende case show: för många argument: väntade 1, fick 2', '(arende case show --help visar hjälpen)'],
])('%j: exit 2 and the message in Swedish', async (argv, message, hint) => {
  const { code, err } = await arende(...argv);
  expect(code).toBe(2);
  expect(err.split('\n').slice(0, 2)).toEqual([message, hint]);
});

test('the help has Swedish headings and descriptions, never commander\'s English', async () => {
  for (const argv of [['--help'], ['case', '--help'], ['case', 'show', '--help'], ['help', 'case']]) {
    const { code, out } = await arende(...argv);
    expect(code).toBe(0);
    expect(out).toMatch(/^Användning: arende/);
    expect(out).toContain('Flaggor:');
    expect(out).toContain('visa hjälpen');
    expect(out).not.toMatch(/\(default: |choices: /);
    expect(out).not.toMatch(/Usage:|Options:|Commands:|Arguments:|display help|\[options\]|\[command\]/);
  }
  expect((await arende('--help')).out).toContain('Kommandon:');
  expect((await arende('case', 'show', '--help')).out).toContain('Argument:');
});
