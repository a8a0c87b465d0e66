// The commands that mirror the API's routes (beredning, rsr-beslut, overklaga, close, retry, export):
// their flags are checked with the API's own zod schemas before anything is sent, and a bad value
// exits 2 naming the flag. Run in process: no server is reached, so nothing can be sent by mistake.
import { buildProgram, run, type CliIo } from '../../../client/cli/main';
import { commandAt, leafCommands } from '../../helpers/cli';

async function arende(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => (out += t), err: (t) => (err += t) };
  // No server: a command that got past its checks would fail to connect (exit 1), not exit 2.
  const saved = { ...process.env };
  Object.assign(process.env, { TEMPORAL_ADDRESS: '127.0.0.1:1', ARENDE_API_URL: '', ARENDE_API_TOKEN: '' });
  try {
    const code = await run(args, io);
    return { code, out, err };
  } finally {
    process.env = saved;
  }
}

describe('every command takes --json', () => {
  const program = buildProgram({ out: () => undefined, err: () => undefined });
  const leaves = leafCommands(program);

  test('the API routes have their commands', () => {
    expect(leaves.map((p) => p.join(' '))).toEqual(
      expect.arrayContaining(['beredning', 'rsr-beslut', 'justera', 'anslag', 'decide', 'overklaga', 'withdraw', 'close', 'retry', 'export', 'outstanding', 'calendar', 'import', 'case start', 'case show', 'case events']),
    );
  });

  test.each(leafCommands().map((p) => [p.join(' '), p]))('%s declares --json', (_name, path) => {
    expect(commandAt(program, path as string[]).options.map((o) => o.long)).toContain('--json');
  });
});

describe('bad flags exit 2 naming the flag, before anything is sent', () => {
  test.each([
    [['beredning', 'RS/62/2026', '--organ', 'SVOM', '--meeting', '2026-02-30', '--outcome', 'tillstyrkt'], /^arende beredning: --meeting: "2026-02-30" finns inte i kalendern/],
    [['beredning', 'RS/62/2026', '--organ', 'SVOM', '--meeting', '2026-01-15', '--outcome', 'ja'], /^arende beredning: --outcome: /],
    [['beredning', 'RS/62/2026', '--organ', 'SVOM', '--meeting', '2026-01-15', '--outcome', 'tillstyrkt', '--paragraf', 'sju'], /^arende beredning: --paragraf: ska vara paragrafens nummer/],
    [['beredning', 'RS/62/2026', '--organ', ' ', '--meeting', '2026-01-15', '--outcome', 'tillstyrkt'], /^arende beredning: --organ: får inte vara tomt/],
    [['rsr-beslut', 'RS/62/2026', '--meeting', '2026-01-26', '--paragraf', '0', '--beslut', 'Bifall'], /^arende rsr-beslut: --paragraf: ska vara 1 eller större/],
    [['rsr-beslut', 'RS/62/2026', '--meeting', '2026-01-26', '--paragraf', '2', '--beslut', 'Bifall', '--huvudman', 'krokom', '--senast', '2026-04-30'], /^arende rsr-beslut: --punkt: /m],
    [['rsr-beslut', 'RS/62/2026', '--meeting', '2026-01-26', '--paragraf', '2', '--beslut', 'Bifall', '--huvudman', 'krokom', '--punkt', 'Delta', '--senast', '2026-04-30', '--paminnelser', '10,0'], /^arende rsr-beslut: --paminnelser: ska vara minst 1 arbetsdag/],
    [['overklaga', 'RS/62/2026', '--inkom', '2026-13-01'], /^arende overklaga: --inkom: "2026-13-01" finns inte i kalendern/],
    [['overklaga', 'RS/62/2026', '--inkom', '2026-02-10', '--party', 'Krokom kommun'], /^arende overklaga: --party: /],
    [['close', 'RS/62/2026', '--party', 'krokom', '--reason', 'x'], /^arende close: --reason: ange ett skäl \(minst 3 tecken\)/],
    [['close', 'RS/62/2026', '--party', 'KROKOM!', '--reason', 'Avstår'], /^arende close: --party: /],
    [['retry', 'RS/62/2026', '--nyckel', 'k', '--forsok', '1'], /^arende retry: --forsok: försöket är minst 2/],
    [['retry', 'RS/62/2026', '--nyckel', 'k', '--forsok', 'två'], /^arende retry: --forsok: /],
    [['retry', 'RS/62/2026', '--nyckel', ''], /^arende retry: --nyckel: ange leveransens nyckel/],
    [['export', 'RS/62/2026', '--fil', ' '], /^arende export: --fil: ange en sökväg/],
    [['close', 'RS 62 2026', '--party', 'krokom', '--reason', 'Avstår'], /^arende close: <dnr>: "RS 62 2026" ska skrivas ORGAN\/NUMMER\/ÅR/],
    [['export', 'rs-62'], /^arende export: <dnr>: /],
  ])('%j', async (args, message) => {
    const { code, out, err } = await arende(...(args as string[]));
    expect({ code, out }).toEqual({ code: 2, out: '' });
    expect(err).toMatch(message);
  });

  test.each([
    [['beredning', 'RS/62/2026', '--meeting', '2026-01-15', '--outcome', 'tillstyrkt'], '--organ'],
    [['rsr-beslut', 'RS/62/2026', '--meeting', '2026-01-26', '--paragraf', '2'], '--beslut'],
    [['overklaga', 'RS/62/2026'], '--inkom'],
    [['close', 'RS/62/2026', '--party', 'krokom'], '--reason'],
    [['close', 'RS/62/2026', '--reason', 'Avstår'], '--party'],
  ])('a missing required flag %j exits 2 naming %s', async (args, flag) => {
    const { code, err } = await arende(...(args as string[]));
    expect(code).toBe(2);
    expect(err).toContain(flag);
  });

  test('valid flags get as far as the connection: Temporal unreachable names its address, exits 1, no stack trace', async () => {
    const { code, err } = await arende('close', 'RS/62/2026', '--party', 'krokom', '--reason', 'Kommunen avstår');
    expect(code).toBe(1);
    expect(err).toMatch(/^arende: Temporal på 127\.0\.0\.1:1 svarar inte \(ingen anslutning inom 10 sekunder\)\. .*TEMPORAL_ADDRESS/);
    expect(err).not.toMatch(/\n\s+at /);
  }, 30_000);
});

describe("commander's own words are Swedish too", () => {
  test.each([
    [['calendar'], 'arende calendar: --posted <ÅÅÅÅ-MM-DD>: saknas (flaggan krävs)'],
    [['calendar', '--posted', '2026-03-02', '--bogus'], 'arende calendar: okänd flagga --bogus'],
    [['close', 'RS/62/2026', '--party'], 'arende close: --party <id>: värdet saknas'],
    [['case', 'show'], 'arende case show: <dnr>: saknas'],
    [['case', 'show', 'RS/62/2026', 'RS/63/2026'], 'arende case show: för många argument: väntade 1, fick 2'],
    [['decid'], 'arende: okänt kommando decid (menade du decide?)'],
  ])('%j exits 2: %s', async (args, first) => {
    const { code, err } = await arende(...(args as string[]));
    expect(code).toBe(2);
    expect(err.split('\n')[0]).toBe(first);
  });

  test.each([[[]], [['case']], [['close']], [['help', 'retry']]])('help %j: Användning, Flaggor, visa hjälpen; no English headings', async (args) => {
    const { code, out } = await arende(...(args as string[]), ...(args[0] === 'help' ? [] : ['--help']));
    expect(code).toBe(0);
    expect(out).toMatch(/^Användning: arende/);
    expect(out).toContain('-h, --help');
    expect(out).toContain('visa hjälpen');
    expect(out).not.toMatch(/Usage:|Options:|Commands:|Arguments:|display help|\[options\]|\[command\]/);
  });
});
