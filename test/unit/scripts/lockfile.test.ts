// The committed package-lock.json is what every install uses (`npm ci`: scripts/npm-dependencies.js,
// the Dockerfile), so it must be in step with package.json: npm's own check, `npm ci --dry-run`, on
// a copy of the two files (a second and a half, nothing installed). And the check can fail: the
// same copy with one dependency's version changed is refused, naming it.
import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const ROOT = resolve(__dirname, '../../..');
const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';

function npmCiDryRun(packageJson?: string): { status: number | null; output: string } {
  const dir = mkdtempSync(join(tmpdir(), 'arende-lockfile-'));
  try {
    copyFileSync(join(ROOT, 'package-lock.json'), join(dir, 'package-lock.json'));
    if (packageJson) writeFileSync(join(dir, 'package.json'), packageJson);
    else copyFileSync(join(ROOT, 'package.json'), join(dir, 'package.json'));
    const result = spawnSync(npm, ['ci', '--dry-run', '--ignore-scripts', '--no-audit', '--no-fund'], { cwd: dir, encoding: 'utf8', timeout: 60_000 });
    return { status: result.status, output: `${result.stdout}${result.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

test('package-lock.json is in step with package.json: npm ci accepts it', () => {
  const { status, output } = npmCiDryRun();
  expect({ status, refused: /can only install packages when your package\.json and package-lock\.json/.test(output) }).toEqual({ status: 0, refused: false });
}, 60_000);

test('a package.json out of step with the lock is refused, the dependency named', () => {
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as { dependencies: Record<string, string> };
  pkg.dependencies.zod = '4.0.0';
  const { status, output } = npmCiDryRun(JSON.stringify(pkg, null, 2));
  expect(status).not.toBe(0);
  expect(output).toMatch(/lock file's zod@\S+ does not satisfy zod@4\.0\.0/);
}, 60_000);
