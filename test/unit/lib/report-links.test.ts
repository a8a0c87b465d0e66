// Signed report links: only the party named in a genuine, unexpired token can report.
import { createHmac } from 'node:crypto';
import {
  ReportTokenError,
  createReportLink,
  createReportToken,
  reportLinkExpiry,
  verifyReportToken,
  type ReportLinkClaims,
  type ReportTokenProblem,
} from '../../../lib/report-links';
import { isoDate, stockholmInstant } from '../../../domain/dates';
import { dnr } from '../../../domain/dnr';
import { PartyId } from '../../../domain/parties';

const SECRET = 'a-long-enough-secret-for-hmac-sha256-0123456789';
const claims: ReportLinkClaims = { dnr: dnr('RS/62/2026'), party: PartyId.parse('krokom'), expiresAt: isoDate('2026-06-29') };
const during = new Date('2026-04-01T10:00:00Z');

function problemOf(fn: () => unknown): ReportTokenProblem | undefined {
  try {
    fn();
    return undefined;
  } catch (err) {
    expect(err).toBeInstanceOf(ReportTokenError);
    return (err as ReportTokenError).problem;
  }
}

function reencode(token: string, change: (payload: Record<string, unknown>) => void): string {
  const [payload, signature] = token.split('.') as [string, string];
  const json = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<string, unknown>;
  change(json);
  return `${Buffer.from(JSON.stringify(json)).toString('base64url')}.${signature}`;
}

test('a link is baseUrl/rapportera/<token>, and its token verifies to the claims', () => {
  const link = createReportLink(claims, SECRET, 'https://arenden.regionjh.example/');
  expect(link).toMatch(/^https:\/\/arenden\.regionjh\.example\/rapportera\/[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/);
  const token = link.split('/rapportera/')[1]!;
  expect(verifyReportToken(token, SECRET, during)).toEqual(claims);
});

test('the same claims give the same token (a re-sent e-mail carries the same link)', () => {
  expect(createReportToken(claims, SECRET)).toBe(createReportToken({ ...claims }, SECRET));
});

test('the expiry is the deadline plus 60 days', () => {
  expect(reportLinkExpiry(isoDate('2026-04-30'))).toBe('2026-06-29');
  expect(reportLinkExpiry(isoDate('2026-04-30'), isoDate('2026-04-16'))).toBe('2026-06-29');
});

test('a link sent late is valid at least 30 days after it is sent (and the day Temporal may still retry it)', () => {
  // Sent 2026-06-20, 9 days before senast + 60: valid 30 days after, whether it goes out that day or the next.
  expect(reportLinkExpiry(isoDate('2026-04-30'), isoDate('2026-06-20'))).toBe('2026-07-21');
  // A message sent months after senast (a case registered late): never an expired link.
  expect(reportLinkExpiry(isoDate('2026-04-30'), isoDate('2026-10-05'))).toBe('2026-11-05');
});

test('valid through the whole last day in Europe/Stockholm, expired from the next', () => {
  const token = createReportToken(claims, SECRET);
  const lastMinute = stockholmInstant(isoDate('2026-06-29'), 23, 59);
  expect(verifyReportToken(token, SECRET, lastMinute).party).toBe('krokom');
  const nextDay = stockholmInstant(isoDate('2026-06-30'), 0, 0);
  expect(problemOf(() => verifyReportToken(token, SECRET, nextDay))).toBe('expired');
});

test('a token changed to name another party, case or expiry is tampered', () => {
  const token = createReportToken(claims, SECRET);
  expect(problemOf(() => verifyReportToken(reencode(token, (p) => (p.p = 'berg')), SECRET, during))).toBe('tampered');
  expect(problemOf(() => verifyReportToken(reencode(token, (p) => (p.d = 'RS/63/2026')), SECRET, during))).toBe('tampered');
  expect(problemOf(() => verifyReportToken(reencode(token, (p) => (p.e = '2099-12-31')), SECRET, during))).toBe('tampered');
});

test("another party's genuine token names that party, never the one it is used for", () => {
  const berg = createReportToken({ ...claims, party: PartyId.parse('berg') }, SECRET);
  expect(verifyReportToken(berg, SECRET, during).party).toBe('berg');
  expect(berg).not.toBe(createReportToken(claims, SECRET));
});

test('a token signed with another secret is tampered; a changed signature too', () => {
  const foreign = createReportToken(claims, 'another-installation-secret-0123456789abcdef');
  expect(problemOf(() => verifyReportToken(foreign, SECRET, during))).toBe('tampered');
  const token = createReportToken(claims, SECRET);
  const flipped = token.slice(0, -2) + (token.endsWith('AA') ? 'BB' : 'AA');
  expect(problemOf(() => verifyReportToken(flipped, SECRET, during))).toBe('tampered');
});

test.each([
  ['empty', ''],
  ['no signature', 'eyJ2IjoxfQ'],
  ['three parts', 'a.b.c'],
  ['not base64url', 'abc$.def'],
])('a malformed token (%s) is malformed', (_name, token) => {
  expect(problemOf(() => verifyReportToken(token, SECRET, during))).toBe('malformed');
});

test('a correctly signed payload that is not a report claim is malformed', () => {
  const payload = Buffer.from(JSON.stringify({ v: 1, d: 'not a dnr', p: 'krokom', e: '2026-06-29' })).toString('base64url');
  const signature = createHmac('sha256', SECRET).update(`arendeflode-report-link.${payload}`).digest('base64url');
  expect(problemOf(() => verifyReportToken(`${payload}.${signature}`, SECRET, during))).toBe('malformed');
});

test('the messages are Swedish and say what to do', () => {
  expect(new ReportTokenError('expired').message).toMatch(/länken har gått ut/);
});

test('a short secret is refused', () => {
  expect(() => createReportToken(claims, 'short')).toThrow(/ARENDE_LINK_SECRET/);
});

describe('rotating the secret (ARENDE_LINK_SECRET_PREVIOUS)', () => {
  const OLD = 'the-secret-before-the-rotation-0123456789';
  const NEW = 'the-secret-after-the-rotation-9876543210';
  const now = during;

  test('a link signed with an earlier secret still works while that secret is listed after the current one', () => {
    const old = createReportToken(claims, OLD);
    expect(verifyReportToken(old, [NEW, OLD], now)).toEqual(claims);
    expect(verifyReportToken(createReportToken(claims, NEW), [NEW, OLD], now)).toEqual(claims);
  });

  test('once the earlier secret is dropped, its links are refused as not genuine', () => {
    const old = createReportToken(claims, OLD);
    expect(() => verifyReportToken(old, [NEW], now)).toThrow(expect.objectContaining({ problem: 'tampered' }));
    expect(() => verifyReportToken(old, NEW, now)).toThrow(expect.objectContaining({ problem: 'tampered' }));
  });

  test('a short or missing secret in the list is refused', () => {
    expect(() => verifyReportToken(createReportToken(claims, NEW), [NEW, 'short'], now)).toThrow(RangeError);
    expect(() => verifyReportToken(createReportToken(claims, NEW), [], now)).toThrow(RangeError);
  });
});
