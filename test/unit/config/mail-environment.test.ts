// The mail configuration read from the environment: defaults reach `npm start`'s SMTP catcher;
// bad values stop the worker with the variable named; secrets are never echoed.
import { mailSettingsFromEnvironment } from '../../../activities/mail/transport';

const secret = { ARENDE_LINK_SECRET: 'x'.repeat(40) };

test('defaults: the local SMTP catcher, the shipped sender, links to the local HTTP server', () => {
  expect(mailSettingsFromEnvironment(secret)).toEqual({
    host: '127.0.0.1',
    port: 2525,
    secure: false,
    requireTls: false,
    pool: false,
    from: { name: 'Ärendeflöde', address: 'arendeflode@regionjh.example' },
    domain: 'regionjh.example',
    publicUrl: 'http://127.0.0.1:8080',
    linkSecret: secret.ARENDE_LINK_SECRET,
  });
});

test('a production configuration', () => {
  const settings = mailSettingsFromEnvironment({
    ...secret,
    ARENDE_SMTP_HOST: 'smtp.regionjh.se',
    ARENDE_SMTP_PORT: '465',
    ARENDE_SMTP_SECURE: '1',
    ARENDE_SMTP_USER: 'arendeflode',
    ARENDE_SMTP_PASSWORD: 'hemligt',
    ARENDE_SMTP_POOL: 'true',
    ARENDE_MAIL_FROM: '"Region JH, ärenden" <arenden@regionjh.se>',
    ARENDE_MAIL_REPLY_TO: 'samordningskansliet@regionjh.se',
    ARENDE_MAIL_DOMAIN: 'Arenden.RegionJH.se',
    ARENDE_PUBLIC_URL: 'https://arenden.regionjh.se/',
  });
  expect(settings).toMatchObject({
    host: 'smtp.regionjh.se',
    port: 465,
    secure: true,
    pool: true,
    auth: { user: 'arendeflode', pass: 'hemligt' },
    from: { name: 'Region JH, ärenden', address: 'arenden@regionjh.se' },
    replyTo: { address: 'samordningskansliet@regionjh.se' },
    domain: 'arenden.regionjh.se',
    publicUrl: 'https://arenden.regionjh.se',
  });
});

test('every bad variable is named in one message; secrets are not shown', () => {
  let message = '';
  try {
    mailSettingsFromEnvironment({
      ARENDE_SMTP_PORT: 'smtp',
      ARENDE_MAIL_FROM: 'Ärendeflöde <inte en adress>',
      ARENDE_PUBLIC_URL: 'ftp://arenden',
      ARENDE_LINK_SECRET: 'kort-men-hemlig',
    });
  } catch (err) {
    message = (err as Error).message;
  }
  expect(message).toContain('ARENDE_SMTP_PORT="smtp": must be a port number');
  expect(message).toContain('ARENDE_MAIL_FROM="Ärendeflöde <inte en adress>": must be an e-mail address');
  expect(message).toContain('ARENDE_PUBLIC_URL="ftp://arenden": must be an http(s) URL');
  expect(message).toContain('ARENDE_LINK_SECRET=(hidden): must be at least 32 characters');
  expect(message).not.toContain('kort-men-hemlig');
});

test('the link secret is required; a user needs a password', () => {
  expect(() => mailSettingsFromEnvironment({})).toThrow(/ARENDE_LINK_SECRET="": is required/);
  expect(() => mailSettingsFromEnvironment({ ...secret, ARENDE_SMTP_USER: 'arendeflode' })).toThrow(
    /ARENDE_SMTP_PASSWORD="": is required when ARENDE_SMTP_USER is set/,
  );
});
