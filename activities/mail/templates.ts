// The messages, in Swedish, one render function per notification kind. Each kind describes its
// message once as a list of blocks (paragraphs, numbered points, facts, links, an action link);
// the same blocks become the plain-text part and the HTML part, so the two never drift apart.
// Every piece of case text is escaped in HTML, and only http(s) links become anchors.
// Rendering is pure: the same notification and context give the same message, so a retry sends
// the same text with the same links.
import { actorWords } from '../../domain/actors';
import { escapeHtml } from '../../lib/escape-html';
import { createReportLink, reportLinkExpiry } from '../../lib/report-links';
import { formatSwedishDate, stockholmDate, type IsoDate } from '../../domain/dates';
import { numberedPoints, pointLines } from '../../domain/points';
import { DECISION_OUTCOME_LABELS, genitive } from '../../domain/words';
import { dnrSlug } from '../../domain/dnr';
import type { Notification, NotificationCase, NotificationDecision, NotificationRsrDecision, NotificationTrack } from '../../domain/notifications';
import { deadlineCalendar } from './ics';
import { stableUid } from './message-id';

export interface RenderContext {
  /** Base of links in the message, e.g. https://arenden.regionjh.se (ARENDE_PUBLIC_URL). */
  publicUrl: string;
  /** Signs the report links (ARENDE_LINK_SECRET). */
  linkSecret: string;
  /** Domain for stable identifiers (the Message-ID's and the calendar UID's). */
  domain: string;
  /** The short name of a body as people write it ("RSR"); undefined = use the name in the notification. */
  shortName?: (partyId: string) => string | undefined;
  /** DTSTAMP of calendar attachments. */
  now: Date;
}

export interface RenderedAttachment {
  filename: string;
  contentType: string;
  content: string;
}

export interface RenderedMessage {
  subject: string;
  text: string;
  html: string;
  attachments: RenderedAttachment[];
}

type Block =
  | { type: 'p'; text: string }
  | { type: 'heading'; text: string }
  | { type: 'points'; items: readonly string[] }
  | { type: 'facts'; rows: readonly (readonly [string, string])[] }
  | { type: 'links'; items: readonly { title: string; url?: string }[] }
  | { type: 'action'; label: string; url: string; note?: string };

interface MessageSpec {
  subject: string;
  greeting: string;
  blocks: Block[];
  attachments?: RenderedAttachment[];
}

// ---------------------------------------------------------------------------------------------
// Shared pieces

const SUBJECT_TITLE_MAX = 60;

/** One line, no control characters: headers must not be split by case text. */
function oneLine(text: string): string {
  return text.replace(/[\s\p{Cc}]+/gu, ' ').trim();
}

/** A long title is cut at a word boundary and marked with " …", as in the subjects people already write. */
export function shortTitle(title: string, max = SUBJECT_TITLE_MAX): string {
  const line = oneLine(title);
  if (line.length <= max) return line;
  const cut = line.slice(0, max);
  const space = cut.lastIndexOf(' ');
  return `${(space > max / 2 ? cut.slice(0, space) : cut).replace(/[\s,;:.–-]+$/, '')} …`;
}

/** `<prefix><separator><title, shortened> (<Dnr>)` */
function subject(prefix: string, c: NotificationCase, separator = ': '): string {
  return oneLine(`${prefix}${separator}${shortTitle(c.title)} (${c.dnr})`);
}

const date = (d: IsoDate) => formatSwedishDate(d);

function bodyShort(c: NotificationCase, ctx: RenderContext): string {
  return ctx.shortName?.(c.recommendedBy.id) ?? c.recommendedBy.name;
}

function caseFacts(c: NotificationCase): Block {
  const handlaggare = [c.handlaggare.name, c.handlaggare.title, c.handlaggare.email].filter(Boolean).join(', ');
  return { type: 'facts', rows: [['Ärende', c.title], ['Diarienummer', c.dnr], ['Handläggare', handlaggare]] };
}

function beslutsunderlag(c: NotificationCase): Block[] {
  if (c.beslutsunderlag.length === 0) return [];
  return [{ type: 'heading', text: 'Beslutsunderlag' }, { type: 'links', items: c.beslutsunderlag }];
}

function rsrLine(rsr: NotificationRsrDecision, c: NotificationCase): string {
  return `${c.recommendedBy.name}, sammanträde ${date(rsr.meetingDate)}, § ${rsr.paragraf}`;
}

function justeringFacts(rsr: { justering?: { date: IsoDate; justerare: string[] }; anslagPosted?: IsoDate }): (readonly [string, string])[] {
  const rows: (readonly [string, string])[] = [];
  if (rsr.justering) rows.push(['Justerat', `${date(rsr.justering.date)} av ${rsr.justering.justerare.join(', ')}`]);
  if (rsr.anslagPosted) rows.push(['Anslaget på anslagstavlan', date(rsr.anslagPosted)]);
  return rows;
}

type ActionBlock = Extract<Block, { type: 'action' }>;

function reportAction(n: { dnr: NotificationCase['dnr']; track: NotificationTrack; issuedOn?: IsoDate | undefined }, ctx: RenderContext, label = 'Rapportera beslutet'): ActionBlock {
  // Valid well after this message goes out, however late that is. A notification of an older case
  // without its sending day counts from the day it is rendered.
  const expiresAt = reportLinkExpiry(n.track.senast, n.issuedOn ?? stockholmDate(ctx.now.getTime()));
  const url = createReportLink({ dnr: n.dnr, party: n.track.party, expiresAt }, ctx.linkSecret, ctx.publicUrl);
  return {
    type: 'action',
    label,
    url,
    note: `Länken gäller för ${n.track.partyName} till och med ${date(expiresAt)}. Den kan också användas för att rapportera justering och anslag när protokollet är justerat.`,
  };
}

function deadlineAttachment(n: { dnr: NotificationCase['dnr']; case: NotificationCase; recipient: { email?: string; label: string }; track: NotificationTrack }, ctx: RenderContext, url: string): RenderedAttachment {
  const who = n.recipient.email?.toLowerCase() ?? n.recipient.label;
  return {
    filename: `sista-dag-${dnrSlug(n.dnr)}.ics`,
    contentType: 'text/calendar; charset=utf-8; method=PUBLISH',
    content: deadlineCalendar({
      uid: stableUid(`${n.dnr}|${who}|senast|${n.track.party}`, ctx.domain),
      date: n.track.senast,
      summary: `Sista dag för beslut: ${oneLine(n.case.title)} (${n.dnr})`,
      description: [
        `${n.track.organ} i ${n.track.partyName} ombeds besluta senast ${date(n.track.senast)}:`,
        ...pointLines(n.track.points),
        '',
        `Rapportera beslutet: ${url}`,
      ].join('\n'),
      url,
      stamp: ctx.now,
    }),
  };
}

function decisionFacts(d: NotificationDecision): Block {
  const rows: (readonly [string, string])[] = [
    ['Organ', d.organ],
    ['Sammanträde', `${date(d.meetingDate)}, § ${d.paragraf}`],
    ['Beslut', DECISION_OUTCOME_LABELS[d.outcome]],
    ...justeringFacts(d),
  ];
  if (d.lastAppealDay) rows.push(['Sista dag för överklagande', date(d.lastAppealDay)]);
  if (d.lagaKraft) rows.push(['Laga kraft', date(d.lagaKraft)]);
  return { type: 'facts', rows };
}

function decisionRef(d: NotificationDecision): string {
  return `${d.organ} ${d.meetingDate} §${d.paragraf}`;
}

// ---------------------------------------------------------------------------------------------
// One function per kind

type Of<K extends Notification['kind']> = Extract<Notification, { kind: K }>;

function protokollsutdrag(n: Of<'protokollsutdrag'>, ctx: RenderContext): MessageSpec {
  const c = n.case;
  return {
    subject: subject(`Protokollsutdrag: ${bodyShort(c, ctx)} ${n.rsr.meetingDate} §${n.rsr.paragraf}`, c, ' '),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      { type: 'p', text: `Här är protokollsutdraget ur ${rsrLine(n.rsr, c)}. Beslutet är justerat och expedieras till er enligt protokollet.` },
      caseFacts(c),
      { type: 'heading', text: 'Sammanfattning' },
      { type: 'p', text: c.summary },
      { type: 'heading', text: 'Beslut' },
      { type: 'points', items: n.rsr.beslut },
      { type: 'facts', rows: justeringFacts(n.rsr) },
      ...beslutsunderlag(c),
    ],
  };
}

/** A huvudman's own decision (e.g. regionstyrelsen's), to the "Expedieras till" of its protocol. */
function protokollsutdragHuvudman(n: Of<'protokollsutdrag-huvudman'>, _ctx: RenderContext): MessageSpec {
  const c = n.case;
  const d = n.decision;
  const body = `${d.organ} i ${n.track.partyName}`;
  return {
    subject: subject(`Protokollsutdrag: ${body} ${d.meetingDate} §${d.paragraf}`, c, ' '),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      {
        type: 'p',
        text: `Här är protokollsutdraget ur ${body}, sammanträde ${date(d.meetingDate)}, § ${d.paragraf}: ${n.track.partyName}s beslut om rekommendationen från ${c.recommendedBy.name}. Beslutet är justerat och expedieras till er enligt protokollet.`,
      },
      caseFacts(c),
      { type: 'heading', text: 'Sammanfattning' },
      { type: 'p', text: c.summary },
      ...(d.beslut ? [{ type: 'heading', text: 'Beslut' } as const, { type: 'points', items: d.beslut } as const] : []),
      decisionFacts(d),
      ...beslutsunderlag(c),
    ],
  };
}

function begaran(n: Of<'begaran'>, ctx: RenderContext): MessageSpec {
  const c = n.case;
  const action = reportAction(n, ctx);
  return {
    subject: subject(`Begäran om beslut senast ${n.track.senast}`, c),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      {
        type: 'p',
        text: `${rsrLine(n.rsr, c)}, rekommenderar huvudmännen att besluta i ärendet. ${n.track.organ} i ${n.track.partyName} ombeds besluta om följande senast ${date(n.track.senast)}:`,
      },
      { type: 'points', items: n.track.points },
      { type: 'facts', rows: [['Sista dag för beslut', date(n.track.senast)]] },
      caseFacts(c),
      { type: 'heading', text: 'Sammanfattning' },
      { type: 'p', text: c.summary },
      ...beslutsunderlag(c),
      { type: 'heading', text: 'När beslutet är fattat' },
      action,
      { type: 'p', text: 'Sista dagen finns som kalenderhändelse i den bifogade filen.' },
    ],
    attachments: [deadlineAttachment(n, ctx, action.url)],
  };
}

function paminnelse(n: Of<'paminnelse'>, ctx: RenderContext): MessageSpec {
  const c = n.case;
  const action = reportAction(n, ctx);
  const left =
    n.workingDaysLeft === 0
      ? 'i dag är sista dagen'
      : n.workingDaysLeft === 1
        ? '1 arbetsdag kvar'
        : `${n.workingDaysLeft} arbetsdagar kvar`;
  return {
    subject: subject(`Påminnelse: beslut senast ${n.track.senast} (${left})`, c),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      {
        type: 'p',
        text: `Vi har ännu inte fått något beslut från ${n.track.partyName} i ärendet. ${n.track.organ} ombeds besluta senast ${date(n.track.senast)} (${left}) om följande:`,
      },
      { type: 'points', items: n.track.points },
      caseFacts(c),
      { type: 'facts', rows: [['Rekommendation', rsrLine(n.rsr, c)]] },
      ...beslutsunderlag(c),
      { type: 'heading', text: 'När beslutet är fattat' },
      action,
      { type: 'p', text: 'Har ni redan beslutat? Rapportera då beslutet med länken ovan, så upphör påminnelserna.' },
    ],
    attachments: [deadlineAttachment(n, ctx, action.url)],
  };
}

function forsenad(n: Of<'forsenad'>, ctx: RenderContext): MessageSpec {
  const c = n.case;
  return {
    subject: subject(`Försenat beslut: ${n.track.partyName}, sista dag ${n.track.senast}`, c),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      {
        type: 'p',
        text: `${n.track.partyName} har inte rapporterat något beslut i ärendet. Sista dag för beslut var ${date(n.track.senast)}; ärendet är försenat sedan ${date(n.overdueSince)}. Huvudmannens beslutsspår är fortfarande öppet.`,
      },
      { type: 'p', text: `${n.track.organ} i ${n.track.partyName} ombads besluta om:` },
      { type: 'points', items: n.track.points },
      caseFacts(c),
      { type: 'action', label: 'Öppna översikten', url: ctx.publicUrl, note: 'Där syns vilka huvudmän som har beslutat och vilka som är försenade.' },
    ],
  };
}

function beslutRegistrerat(n: Of<'beslut-registrerat'>, ctx: RenderContext): MessageSpec {
  const c = n.case;
  const d = n.decision;
  const blocks: Block[] = [
    { type: 'p', text: `Beslutet från ${n.track.partyName} i ärendet har registrerats.` },
    decisionFacts(d),
  ];
  if (d.beslut) blocks.push({ type: 'heading', text: 'Beslut' }, { type: 'points', items: d.beslut });
  blocks.push(caseFacts(c));
  if (!d.anslagPosted) {
    blocks.push(
      { type: 'heading', text: 'Justering och anslag' },
      { type: 'p', text: 'När protokollet är justerat och anslaget på anslagstavlan: rapportera justering och anslag, så räknas tiden för överklagande och dagen för laga kraft ut.' },
      reportAction(n, ctx, 'Rapportera justering och anslag'),
    );
  } else if (d.lastAppealDay) {
    blocks.push({ type: 'p', text: `Beslutet vinner laga kraft om det inte överklagas senast ${date(d.lastAppealDay)}. Ni får ett meddelande när det har skett.` });
  }
  return { subject: subject(`Beslut registrerat: ${n.track.partyName}, ${decisionRef(d)}`, c), greeting: `Till ${n.recipient.label}`, blocks };
}

function lagaKraft(n: Of<'laga-kraft'>, _ctx: RenderContext): MessageSpec {
  const c = n.case;
  const d = n.decision;
  const when = d.lagaKraft ? ` ${date(d.lagaKraft)}` : '';
  const why = d.lastAppealDay ? ` Inget överklagande kom in till och med ${date(d.lastAppealDay)}.` : '';
  return {
    subject: subject(`Laga kraft: ${n.track.partyName}, ${decisionRef(d)}`, c),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      { type: 'p', text: `Beslutet från ${n.track.partyName} i ärendet har vunnit laga kraft${when}.${why}` },
      decisionFacts(d),
      caseFacts(c),
    ],
  };
}

function aterkallelse(n: Of<'aterkallelse'>, _ctx: RenderContext): MessageSpec {
  const c = n.case;
  const w = n.withdrawal;
  return {
    subject: subject('Ärendet återkallat', c),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      { type: 'p', text: `Ärendet har återkallats ${date(w.date)}${w.decidedBy ? ` (beslutat av ${w.decidedBy})` : ''}.` },
      { type: 'facts', rows: [['Skäl', w.reason]] },
      caseFacts(c),
      { type: 'p', text: 'Tidigare begäran om beslut och påminnelser i ärendet gäller inte längre. Ni behöver inte göra något mer.' },
    ],
  };
}

function rattelse(n: Of<'rattelse'>, _ctx: RenderContext): MessageSpec {
  const c = n.case;
  const r = n.correction;
  const whose = n.track ? `${n.track.partyName}s protokoll` : `${c.recommendedBy.name}s protokoll`;
  const blocks: Block[] = [
    { type: 'p', text: `En uppgift i ärendet har rättats: ${r.what} i ${whose}. Den ursprungliga uppgiften finns kvar i ärendets logg, markerad som rättad.` },
    { type: 'facts', rows: [...r.changes.map((change): [string, string] => ['Rättat', change]), ['Skäl', r.reason], ['Rättat av', actorWords(r.by, n.track ? { [n.track.party]: n.track.partyName } : undefined)]] },
  ];
  if (r.lagaKraftWithdrawn) {
    blocks.push({ type: 'p', text: `Beslutet har därför inte vunnit laga kraft. Överklagas det inte vinner det laga kraft ${date(r.lagaKraftWithdrawn)}; ni får ett meddelande då.` });
  }
  blocks.push(caseFacts(c));
  return { subject: subject(`Rättelse: ${r.what}${n.track ? `, ${n.track.partyName}` : ''}`, c), greeting: `Till ${n.recipient.label}`, blocks };
}

function overklagat(n: Of<'overklagat'>, ctx: RenderContext): MessageSpec {
  const c = n.case;
  const a = n.appeal;
  const appealRows: [string, string][] = [['Inkom', date(a.filedOn)], ...(a.appellant ? [['Klagande', a.appellant] as [string, string]] : []), ...(a.court ? [['Domstol', a.court] as [string, string]] : [])];
  const notLagaKraft = 'Beslutet har alltså inte vunnit laga kraft; det tidigare meddelandet om laga kraft gäller inte.';
  if (!n.track || !n.decision) {
    // The case's own (RSR's) decision: told to the samordningskansli and the handläggare.
    const body = genitive(bodyShort(c, ctx));
    const lastDay = a.lastAppealDay ? ` (sista dag ${date(a.lastAppealDay)})` : '';
    return {
      subject: subject(`Överklagat: ${body} beslut${n.rsr ? `, ${date(n.rsr.meetingDate)} § ${n.rsr.paragraf}` : ''}`, c),
      greeting: `Till ${n.recipient.label}`,
      blocks: [
        {
          type: 'p',
          text:
            `${genitive(c.recommendedBy.name)} beslut i ärendet har överklagats. Överklagandet kom in ${date(a.filedOn)}, inom tiden för överklagande${lastDay}, ` +
            `men blev känt först efter att ärendet avslutats. ${notLagaKraft}`,
        },
        { type: 'facts', rows: appealRows },
        ...(n.rsr ? [{ type: 'facts', rows: [['Beslut', rsrLine(n.rsr, c)], ...justeringFacts(n.rsr)] } as Block] : []),
        caseFacts(c),
      ],
    };
  }
  return {
    subject: subject(`Överklagat: ${n.track.partyName}, ${decisionRef(n.decision)}`, c),
    greeting: `Till ${n.recipient.label}`,
    blocks: [
      {
        type: 'p',
        text:
          `Beslutet från ${n.track.partyName} har överklagats. Överklagandet kom in ${date(a.filedOn)}, inom tiden för överklagande` +
          `${n.decision.lastAppealDay ? ` (sista dag ${date(n.decision.lastAppealDay)})` : ''}, men blev känt först efter att beslutet registrerats som laga kraft. ` +
          notLagaKraft,
      },
      { type: 'facts', rows: appealRows },
      decisionFacts(n.decision),
      caseFacts(c),
    ],
  };
}

const RENDERERS: { [K in Notification['kind']]: (n: Of<K>, ctx: RenderContext) => MessageSpec } = {
  protokollsutdrag,
  'protokollsutdrag-huvudman': protokollsutdragHuvudman,
  begaran,
  paminnelse,
  forsenad,
  'beslut-registrerat': beslutRegistrerat,
  'laga-kraft': lagaKraft,
  aterkallelse,
  rattelse,
  overklagat,
};

// ---------------------------------------------------------------------------------------------
// Blocks → text and HTML

/** Only web links become anchors: a `javascript:` or `data:` URL in case data stays inert text. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}

function blockText(b: Block): string {
  switch (b.type) {
    case 'p':
      return b.text;
    case 'heading':
      return `${b.text}\n${'-'.repeat(b.text.length)}`;
    case 'points':
      return pointLines(b.items).join('\n');
    case 'facts':
      return b.rows.map(([k, v]) => `${k}: ${v}`).join('\n');
    case 'links':
      return b.items.map((l) => `- ${l.title}${l.url ? `: ${l.url}` : ''}`).join('\n');
    case 'action':
      return `${b.label}:\n${b.url}${b.note ? `\n${b.note}` : ''}`;
  }
}

const FONT = 'font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.45;color:#1a1a1a';

function anchor(title: string, url: string | undefined): string {
  return url && isWebUrl(url) ? `<a href="${escapeHtml(url)}">${escapeHtml(title)}</a>` : escapeHtml(url ? `${title}: ${url}` : title);
}

function blockHtml(b: Block): string {
  switch (b.type) {
    case 'p':
      return `<p>${escapeHtml(b.text).replace(/\n/g, '<br>')}</p>`;
    case 'heading':
      return `<h2 style="font-size:17px;margin:1.2em 0 .4em">${escapeHtml(b.text)}</h2>`;
    case 'points':
      // A point typed as "1. Delta …" is shown as "1. Delta …", not "1. 1. Delta …"; a typed number
      // that is not the list's next one is kept (`value`).
      return `<ol>${numberedPoints(b.items)
        .map((p, i, all) => `<li${p.number === (i === 0 ? 1 : all[i - 1]!.number + 1) ? '' : ` value="${p.number}"`}>${escapeHtml(p.text)}</li>`)
        .join('')}</ol>`;
    case 'facts':
      return `<table role="presentation" style="border-collapse:collapse">${b.rows
        .map(([k, v]) => `<tr><th scope="row" style="text-align:left;vertical-align:top;padding:2px 12px 2px 0">${escapeHtml(k)}</th><td style="padding:2px 0">${escapeHtml(v)}</td></tr>`)
        .join('')}</table>`;
    case 'links':
      return `<ul>${b.items.map((l) => `<li>${anchor(l.title, l.url)}</li>`).join('')}</ul>`;
    case 'action':
      return (
        `<p><a href="${escapeHtml(b.url)}" style="display:inline-block;padding:8px 16px;background:#005a8c;color:#ffffff;text-decoration:none;border-radius:4px">${escapeHtml(b.label)}</a></p>` +
        `<p style="font-size:13px;color:#444">${b.note ? `${escapeHtml(b.note)}<br>` : ''}Fungerar inte knappen? Kopiera adressen: ${escapeHtml(b.url)}</p>`
      );
  }
}

function signature(c: NotificationCase): string[] {
  return ['Med vänlig hälsning', [c.handlaggare.name, c.handlaggare.title].filter(Boolean).join(', ')];
}

function footer(n: Notification): string {
  return `Meddelandet skickades automatiskt av Ärendeflöde i ärende ${n.dnr}. Frågor besvaras av handläggaren.`;
}

export function renderNotification(n: Notification, ctx: RenderContext): RenderedMessage {
  const spec = (RENDERERS[n.kind] as (n: Notification, ctx: RenderContext) => MessageSpec)(n, ctx);
  const blocks = spec.blocks.filter((b) => !(b.type === 'facts' && b.rows.length === 0));
  const text = [spec.greeting, ...blocks.map(blockText), signature(n.case).join('\n'), `-- \n${footer(n)}`].join('\n\n') + '\n';
  const html = `<!doctype html>
<html lang="sv"><head><meta charset="utf-8"><title>${escapeHtml(spec.subject)}</title></head>
<body style="${FONT}">
<p>${escapeHtml(spec.greeting)}</p>
${blocks.map(blockHtml).join('\n')}
<p>${signature(n.case).map(escapeHtml).join('<br>')}</p>
<hr style="border:0;border-top:1px solid #ccc">
<p style="font-size:12px;color:#555">${escapeHtml(footer(n))}</p>
</body></html>
`;
  return { subject: spec.subject, text, html, attachments: spec.attachments ?? [] };
}
