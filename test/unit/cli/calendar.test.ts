// `arende calendar` as a user runs it: the real process through bin/arende.js.
import { spawnSync } from 'node:child_process';
import path from 'node:path';

const BIN = path.join(__dirname, '../../../bin/arende.js');
const arende = (...args: string[]) => {
  const result = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, TZ: 'America/Los_Angeles' } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
};

describe('arende calendar', () => {
  test('KL 8 kap. 12 § + 13 kap. 5 § + lag (1930:173): the seed example (justerad 2025-05-14, posted 2025-05-15 → taken down 2025-06-09), whatever the host timezone', () => {
    const { code, stdout, stderr } = arende('calendar', '--posted', '2025-05-15', '--justerad', '2025-05-14');
    expect(stderr).toBe('');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(Object.keys(output)).toEqual(['justerad', 'anslagSenast', 'posted', 'lastAppealDay', 'earliestRemoval', 'lagaKraft']);
    expect(output).toEqual({
      justerad: '2025-05-14',
      anslagSenast: '2025-05-16',
      posted: '2025-05-15',
      lastAppealDay: '2025-06-05',
      earliestRemoval: '2025-06-09',
      lagaKraft: '2025-06-06',
    });
  });

  test('KL 13 kap. 5 § + lag (1930:173): without --justerad there is no anslagSenast; --explain gives the rule for each date', () => {
    const { code, stdout } = arende('calendar', '--posted', '2026-12-03', '--explain');
    expect(code).toBe(0);
    const output = JSON.parse(stdout);
    expect(output).toMatchObject({ posted: '2026-12-03', lastAppealDay: '2026-12-28', earliestRemoval: '2026-12-29', lagaKraft: '2026-12-29' });
    expect(output.anslagSenast).toBeUndefined();
    expect(Object.keys(output.explain)).toEqual(['posted', 'lastAppealDay', 'earliestRemoval', 'lagaKraft']);
    expect(output.explain.lastAppealDay).toMatch(/13 kap\. 5 §.*2026-12-24 är julafton.*lag \(1930:173\)/);
  });

  test.each([
    [['--posted', '2026-02-30'], 'arende calendar: --posted: "2026-02-30" finns inte i kalendern (februari 2026 har 28 dagar)'],
    [['--posted', '2026-2-3'], 'arende calendar: --posted: "2026-2-3" ska skrivas ÅÅÅÅ-MM-DD, t.ex. 2026-02-03'],
    [['--posted', '2026-03-02', '--justerad', '2026-13-01'], 'arende calendar: --justerad: "2026-13-01" finns inte i kalendern (månaden ska vara 01–12)'],
    [['--posted', '2026-03-01', '--justerad', '2026-03-05'], 'arende calendar: --posted: anslaget (2026-03-01) kan inte sättas upp före justeringen (2026-03-05)'],
    [[], "arende: flaggan '--posted <ÅÅÅÅ-MM-DD>' måste anges"],
    [['--posted', '2026-03-02', '--bogus'], "arende: okänd flagga '--bogus'"],
  ])('bad input %j exits 2 and names the flag', (args, message) => {
    const { code, stdout, stderr } = arende('calendar', ...args);
    expect(code).toBe(2);
    expect(stdout).toBe('');
    expect(stderr.split('\n')[0]).toBe(message);
  });

  test('--help exits 0', () => {
    const { code, stdout } = arende('calendar', '--help');
    expect(code).toBe(0);
    expect(stdout).toContain('--posted');
  });
});
