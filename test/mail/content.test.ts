// The messages as a recipient's mail program sees them: sent through the real nodemailer SMTP
// transport to a real SMTP server in this process, parsed back with a real MIME parser.
import type { ParsedMail } from 'mailparser';
import { simpleParser } from 'mailparser';
import { createActivities } from '../../activities';
import { createDeliver } from '../../activities/mail/deliver';
import { createMailTransport, type MailTransporter } from '../../activities/mail/transport';
import { verifyReportToken } from '../../lib/report-links';
import { loadParties } from '../../config/load-parties';
import type { DeliveryOutcome, Notification } from '../../domain/notifications';
import { icsValue, parseIcs } from '../helpers/ics';
import { notificationOf } from '../helpers/notifications';
import { TEST_LINK_SECRET, TestSmtpServer, testMailSettings } from '../helpers/smtp';

const silent = { info: () => undefined, warn: () => undefined };
const registry = loadParties();
let server: TestSmtpServer;
let transporter: MailTransporter;
let send: (n: Notification) => Promise<DeliveryOutcome>;

beforeAll(async () => {
  server = await new TestSmtpServer().start(0);
  const settings = testMailSettings(server.port);
  transporter = createMailTransport(settings);
  const deliver = createDeliver({ transporter, settings, registry, fallbackLog: silent, now: () => new Date('2026-02-03T09:00:00Z') });
  send = createActivities({ deliver }).deliverNotification;
});
afterAll(async () => {
  transporter?.close();
  await server?.stop();
});

/** Sends one notification and returns the message the server received for it. */
async function deliverAndRead(n: Notification): Promise<{ outcome: DeliveryOutcome; mail: ParsedMail; raw: string }> {
  const before = server.received.length;
  const outcome = await send(n);
  expect(outcome.status).toBe('sent');
  expect(server.received.length).toBe(before + 1);
  const received = server.received[before]!;
  expect(received.to).toEqual([n.recipient.email]);
  return { outcome, mail: await simpleParser(received.raw), raw: received.raw.toString('utf8') };
}

function reportTokenIn(text: string): string {
  const match = /https:\/\/arenden\.regionjh\.example\/rapportera\/([A-Za-z0-9_-]+\.[A-Za-z0-9_-]+)/.exec(text);
  expect(match).not.toBeNull();
  return match![1]!;
}

describe('protokollsutdrag', () => {
  test('subject names the body, meeting, paragraph, title and Dnr; the text carries the decision and the beslutsunderlag', async () => {
    const { mail, outcome } = await deliverAndRead(notificationOf('protokollsutdrag'));
    expect(mail.subject).toBe('Protokollsutdrag: RSR 2026-01-26 §2 Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    expect(mail.messageId).toBe(outcome.messageId);
    expect(outcome.detail).toMatch(/^250/);
    const text = mail.text!;
    expect(text).toContain('Till Tomas Jonsson, Kommundirektör, Krokoms kommun');
    expect(text).toContain('Regionens samverkansråd, sammanträde måndag 26 januari 2026, § 2');
    expect(text).toContain('1. Delta i det aktörsgemensamma arbetet\n2. Avdela personal till arbetsgruppen\n3. Avdela direktör/länsråd till styrgruppen');
    expect(text).toContain('Justerat: måndag 2 februari 2026 av Anna Andersson, Per Persson');
    expect(text).toContain('- Tjänsteskrivelse om försörjningsberedskap: https://diarium.regionjh.example/RS-62-2026/tjansteskrivelse.pdf');
    expect(text).toContain('Kim Exempelsson, Beredskapshandläggare');
    const html = mail.html as string;
    expect(html).toContain('<html lang="sv">');
    expect(html).toContain('<a href="https://diarium.regionjh.example/RS-62-2026/tjansteskrivelse.pdf">Tjänsteskrivelse om försörjningsberedskap</a>');
    expect(html).toContain('<li>Avdela personal till arbetsgruppen</li>');
    expect(mail.attachments).toHaveLength(0);
  });
});

describe('begäran om beslut', () => {
  test('names what to decide, the deadline in Swedish, the links, and a signed report link for that huvudman', async () => {
    const { mail } = await deliverAndRead(notificationOf('begaran'));
    expect(mail.subject).toBe('Begäran om beslut senast 2026-04-30: Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    const text = mail.text!;
    expect(text).toContain('Kommunstyrelsen i Krokoms kommun ombeds besluta om följande senast torsdag 30 april 2026:');
    expect(text).toContain('3. Avdela direktör/länsråd till styrgruppen');
    expect(text).toContain('Sista dag för beslut: torsdag 30 april 2026');
    expect(text).toContain('https://diarium.regionjh.example/RS-62-2026/tjansteskrivelse.pdf');
    const token = reportTokenIn(text);
    const claims = verifyReportToken(token, TEST_LINK_SECRET, new Date('2026-04-30T12:00:00Z'));
    expect(claims).toEqual({ dnr: 'RS/62/2026', party: 'krokom', expiresAt: '2026-06-29' });
    expect(mail.html).toContain(`href="https://arenden.regionjh.example/rapportera/${token}"`);
  });

  test('carries the deadline as an all-day iCalendar event with a stable UID', async () => {
    const first = await deliverAndRead(notificationOf('begaran'));
    const reminder = await deliverAndRead(notificationOf('paminnelse'));
    const ics = (m: ParsedMail) => {
      expect(m.attachments).toHaveLength(1);
      const a = m.attachments[0]!;
      expect(a.contentType).toBe('text/calendar');
      expect(a.filename).toBe('sista-dag-RS-62-2026.ics');
      return parseIcs(a.content.toString('utf8'));
    };
    const props = ics(first.mail);
    expect(icsValue(props, 'METHOD')).toBe('PUBLISH');
    const dtstart = props.find((p) => p.name === 'DTSTART')!;
    expect(dtstart.params).toEqual({ VALUE: 'DATE' });
    expect(dtstart.value).toBe('20260430');
    expect(icsValue(props, 'DTEND')).toBe('20260501');
    expect(icsValue(props, 'SUMMARY')).toBe('Sista dag för beslut: Etablering av arbetsgrupp för samarbete inom totalförsörjningsfrågor (RS/62/2026)');
    expect(icsValue(props, 'DESCRIPTION')).toContain('1. Delta i det aktörsgemensamma arbetet');
    const uid = icsValue(props, 'UID');
    expect(uid).toMatch(/^[0-9a-f]{32}@arendeflode\.regionjh\.example$/);
    // The reminder updates the same calendar entry rather than adding a second one.
    expect(icsValue(ics(reminder.mail), 'UID')).toBe(uid);
    // Another huvudman's deadline is another entry.
    const other = await deliverAndRead(
      notificationOf('begaran', { recipient: { label: 'Bergs kommun', email: 'registrator@berg.example', party: 'berg' }, track: { ...notificationOf('begaran').track, party: 'berg', partyName: 'Bergs kommun' } }),
    );
    expect(icsValue(ics(other.mail), 'UID')).not.toBe(uid);
  });
});

describe('the other kinds', () => {
  test('påminnelse says how many working days are left and links the report form', async () => {
    const { mail } = await deliverAndRead(notificationOf('paminnelse'));
    expect(mail.subject).toBe('Påminnelse: beslut senast 2026-04-30 (10 arbetsdagar kvar): Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    expect(mail.text).toContain('Vi har ännu inte fått något beslut från Krokoms kommun');
    expect(verifyReportToken(reportTokenIn(mail.text!), TEST_LINK_SECRET, new Date('2026-04-16T08:00:00Z')).party).toBe('krokom');
    const lastDay = await deliverAndRead(notificationOf('paminnelse', { workingDaysLeft: 0, occurrence: '2026-04-30' }));
    expect(lastDay.mail.subject).toContain('(i dag är sista dagen)');
  });

  test('försenat beslut goes to the manager, names the huvudman and the day it became overdue', async () => {
    const { mail } = await deliverAndRead(notificationOf('forsenad'));
    expect(mail.subject).toBe('Försenat beslut: Krokoms kommun, sista dag 2026-04-30: Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    expect(mail.text).toContain('Sista dag för beslut var torsdag 30 april 2026; ärendet är försenat sedan fredag 1 maj 2026.');
    expect(mail.attachments).toHaveLength(0);
    expect(mail.text).not.toContain('/rapportera/');
  });

  test('beslut registrerat confirms the decision and, before the anslag, asks for justering and anslag', async () => {
    const { mail } = await deliverAndRead(notificationOf('beslut-registrerat'));
    expect(mail.subject).toBe('Beslut registrerat: Krokoms kommun, Kommunstyrelsen 2026-03-10 §45: Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    expect(mail.text).toContain('Beslutet från Krokoms kommun i ärendet har registrerats.');
    expect(mail.text).toContain('Beslut: bifall');
    expect(mail.text).toContain('Rapportera justering och anslag:');
    reportTokenIn(mail.text!);
  });

  test('laga kraft gives the date and the last appeal day', async () => {
    const { mail } = await deliverAndRead(notificationOf('laga-kraft'));
    expect(mail.subject).toBe('Laga kraft: Krokoms kommun, Kommunstyrelsen 2026-03-10 §45: Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    expect(mail.text).toContain('har vunnit laga kraft lördag 4 april 2026. Inget överklagande kom in till och med fredag 3 april 2026.');
    expect(mail.text).toContain('Sista dag för överklagande: fredag 3 april 2026');
  });

  test('återkallelse says the case was withdrawn, why, and that nothing more is needed', async () => {
    const { mail } = await deliverAndRead(notificationOf('aterkallelse'));
    expect(mail.subject).toBe('Ärendet återkallat: Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    expect(mail.text).toContain('Ärendet har återkallats söndag 1 mars 2026 (beslutat av Regionens samverkansråd).');
    expect(mail.text).toContain('Skäl: Ärendet hanteras i ett annat forum');
    expect(mail.text).toContain('Ni behöver inte göra något mer.');
  });
});

describe('överklagat after laga kraft', () => {
  test('of RSR\'s own decision: names the body\'s decision, when the appeal came in and that laga kraft does not hold', async () => {
    const rsr = notificationOf('begaran').rsr;
    const n = notificationOf('overklagat', {
      recipient: { label: 'Samordningskansliet', email: 'samordningskansliet@regionjh.example' },
      track: undefined,
      decision: undefined,
      rsr,
      occurrence: 'overklagat-arende-8',
      appeal: { filedOn: '2026-02-24', appellant: 'En kommunmedlem', lastAppealDay: '2026-02-24' },
    });
    const { mail } = await deliverAndRead(n);
    expect(mail.subject).toBe('Överklagat: RSR:s beslut, måndag 26 januari 2026 § 2: Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    expect(mail.text).toContain('Regionens samverkansråds beslut i ärendet har överklagats. Överklagandet kom in tisdag 24 februari 2026, inom tiden för överklagande (sista dag tisdag 24 februari 2026)');
    expect(mail.text).toContain('det tidigare meddelandet om laga kraft gäller inte');
    expect(mail.text).toContain('Klagande: En kommunmedlem');
    expect(mail.text).toContain('Beslut: Regionens samverkansråd, sammanträde måndag 26 januari 2026, § 2');
  });
});

describe('points typed with their numbers', () => {
  test('are numbered once in the text, the HTML and the .ics', async () => {
    const typed = ['1. Delta i det aktörsgemensamma arbetet.', '2. Avdela personal till arbetsgruppen.', '3. Avdela direktör/länsråd till styrgruppen.'];
    const n = notificationOf('begaran', { track: { ...notificationOf('begaran').track, points: typed }, rsr: { ...notificationOf('begaran').rsr, beslut: typed } });
    const { mail } = await deliverAndRead(n);
    expect(mail.text).toContain('1. Delta i det aktörsgemensamma arbetet.\n2. Avdela personal till arbetsgruppen.\n3. Avdela direktör/länsråd till styrgruppen.');
    expect(mail.text).not.toMatch(/\d\. \d\./);
    expect(mail.html).toContain('<ol><li>Delta i det aktörsgemensamma arbetet.</li><li>Avdela personal till arbetsgruppen.</li>');
    const fromThree = await deliverAndRead(notificationOf('begaran', { track: { ...n.track, points: ['3. Avdela direktör', 'Återrapportera'] } }));
    expect(fromThree.mail.html).toContain('<ol><li value="3">Avdela direktör</li><li>Återrapportera</li></ol>');
    const description = icsValue(parseIcs(mail.attachments[0]!.content.toString('utf8')), 'DESCRIPTION')!;
    expect(description).toContain('1. Delta i det aktörsgemensamma arbetet.');
    expect(description).not.toMatch(/\d\. \d\./);
  });
});

describe('report links in messages sent late', () => {
  test('a reminder or request sent after senast + 60 days carries a link valid 30 days after it is sent', async () => {
    for (const kind of ['begaran', 'paminnelse'] as const) {
      // senast 2026-04-30: the deadline's link would have expired 2026-06-29.
      const { mail } = await deliverAndRead(notificationOf(kind, { issuedOn: '2026-09-01' }));
      const claims = verifyReportToken(reportTokenIn(mail.text!), TEST_LINK_SECRET, new Date('2026-10-01T12:00:00Z'));
      expect(claims.expiresAt).toBe('2026-10-02');
      expect(mail.text).toContain('till och med fredag 2 oktober 2026');
    }
  });

  test('a confirmation asking for justering and anslag carries a valid link too', async () => {
    const { mail } = await deliverAndRead(notificationOf('beslut-registrerat', { issuedOn: '2026-08-20' }));
    expect(verifyReportToken(reportTokenIn(mail.text!), TEST_LINK_SECRET, new Date('2026-09-19T12:00:00Z')).party).toBe('krokom');
  });
});

describe('protokollsutdrag of a huvudman\'s own decision', () => {
  test('names the huvudman\'s body, meeting and paragraph, and carries its decision', async () => {
    const { mail } = await deliverAndRead(notificationOf('protokollsutdrag-huvudman'));
    expect(mail.subject).toBe('Protokollsutdrag: Kommunstyrelsen i Krokoms kommun 2026-03-10 §45 Etablering av arbetsgrupp för samarbete inom … (RS/62/2026)');
    const text = mail.text!;
    expect(text).toContain('Till Länsstyrelsen Jämtlands län');
    expect(text).toContain('Här är protokollsutdraget ur Kommunstyrelsen i Krokoms kommun, sammanträde tisdag 10 mars 2026, § 45: Krokoms kommuns beslut om rekommendationen från Regionens samverkansråd.');
    expect(text).toContain('1. Krokoms kommun deltar i arbetet');
    expect(text).toContain('Justerat: torsdag 12 mars 2026 av Eva Ek');
    expect(text).not.toContain('/rapportera/');
  });
});

describe('headers', () => {
  test('From, Reply-To, To with the label, automatic-mail marking', async () => {
    const { mail } = await deliverAndRead(notificationOf('begaran'));
    expect(mail.from?.value).toEqual([{ name: 'Ärendeflöde', address: 'arendeflode@regionjh.example' }]);
    expect(mail.replyTo?.value).toEqual([{ name: 'Samordningskansliet', address: 'samordningskansliet@regionjh.example' }]);
    const to = Array.isArray(mail.to) ? mail.to[0]! : mail.to!;
    expect(to.value).toEqual([{ name: 'Krokoms kommun', address: 'registrator@krokom.example' }]);
    expect(mail.headers.get('auto-submitted')).toBe('auto-generated');
    expect(mail.headers.get('x-arendeflode-dnr')).toBe('RS/62/2026');
  });

  test('the Message-ID is the same for the same case, recipient, kind and occurrence, and differs otherwise', async () => {
    const a = await deliverAndRead(notificationOf('paminnelse'));
    const again = await deliverAndRead(notificationOf('paminnelse'));
    const otherOccurrence = await deliverAndRead(notificationOf('paminnelse', { occurrence: '2026-04-27', workingDaysLeft: 3 }));
    const otherKind = await deliverAndRead(notificationOf('begaran'));
    expect(a.mail.messageId).toMatch(/^<[0-9a-f]{32}@arendeflode\.regionjh\.example>$/);
    expect(again.mail.messageId).toBe(a.mail.messageId);
    expect(again.mail.text).toBe(a.mail.text); // a retry sends the same message, link included
    expect(otherOccurrence.mail.messageId).not.toBe(a.mail.messageId);
    expect(otherKind.mail.messageId).not.toBe(a.mail.messageId);
  });
});

describe('escaping', () => {
  test('case text with markup and ampersands is shown as text in HTML, verbatim in the text part, on one line in the subject', async () => {
    const n = notificationOf('begaran');
    const hostile = {
      ...n.case,
      title: 'Avtal <script>alert("x")</script> & "samverkan"\nBcc: evil@example.org',
      summary: 'Kostnad < 5 % & <b>fet</b>',
      beslutsunderlag: [
        { title: 'Bilaga <img src=x onerror=alert(1)>', url: 'https://example.org/a?x=1&y="2"' },
        { title: 'Farlig länk', url: 'javascript:alert(1)' },
      ],
    };
    const { mail, raw } = await deliverAndRead({ ...n, case: hostile, track: { ...n.track, points: ['Anta <i>avtalet</i> & budgeten'] } } as Notification);
    const html = mail.html as string;
    expect(html).not.toMatch(/<script|<img|<b>fet|<i>avtalet|href="javascript/i);
    expect(html).toContain('Avtal &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &quot;samverkan&quot;');
    expect(html).toContain('Kostnad &lt; 5 % &amp; &lt;b&gt;fet&lt;/b&gt;');
    expect(html).toContain('<li>Anta &lt;i&gt;avtalet&lt;/i&gt; &amp; budgeten</li>');
    expect(html).toContain('<a href="https://example.org/a?x=1&amp;y=&quot;2&quot;">Bilaga &lt;img src=x onerror=alert(1)&gt;</a>');
    expect(html).toContain('Farlig länk: javascript:alert(1)'); // shown, not linked
    expect(mail.text).toContain('1. Anta <i>avtalet</i> & budgeten');
    // A newline in case text cannot start a header of its own.
    expect(mail.subject).toBe('Begäran om beslut senast 2026-04-30: Avtal <script>alert("x")</script> & "samverkan" Bcc … (RS/62/2026)');
    expect(mail.bcc).toBeUndefined();
    const headerBlock = raw.slice(0, raw.indexOf('\r\n\r\n'));
    expect(headerBlock).not.toMatch(/^Bcc:/im);
  });
});
