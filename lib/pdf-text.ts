// PDF → text, for reading a kallelse, protokoll or protokollsutdrag (issue 16) that arrives as the PDF
// itself. pdf.js (Mozilla's pdfjs-dist) reads the file; this module turns its positioned text items
// into lines in reading order, page by page, so a parser sees what a person reads and can drop the
// header and footer each page repeats. No network (local font data only), no worker thread: in Node
// pdf.js runs its "fake worker" in this thread. Bounded: a size and a page limit, checked before work.
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as PdfJs from 'pdfjs-dist/legacy/build/pdf.mjs';

/** Largest PDF accepted, in bytes (the region's protokoll with attachments are a few MB). */
export const PDF_MAX_BYTES = 20 * 1024 * 1024;
/** Most pages read from one PDF. */
export const PDF_MAX_PAGES = 300;

export type PdfTextLimits = { maxBytes?: number; maxPages?: number };

/** What went wrong, for callers that answer 4xx; `message` is Swedish and names the rule. */
export type PdfTextErrorCode = 'too-large' | 'too-many-pages' | 'not-pdf' | 'truncated' | 'encrypted' | 'corrupt' | 'no-text';

export class PdfTextError extends Error {
  constructor(
    readonly code: PdfTextErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'PdfTextError';
  }
}

export type PdfText = {
  /** Each page's text: its lines joined by "\n", an empty line where the PDF leaves a wider gap. */
  pages: string[];
  /** The pages joined by "\n\f\n" (form feed: the page boundary, as pdftotext marks it). */
  text: string;
};

export const PAGE_SEPARATOR = '\n\f\n';

// pdfjs-dist ships only ES modules; Node 20.19+ loads them with require(), which is what tsc makes of
// this import(). Loaded on first use: the HTTP server starts without its 3 MB. (Jest's module loader
// cannot load them: jest.config.js maps the module to test/helpers/pdfjs-node-realm.js.)
let pdfjs: Promise<typeof PdfJs> | undefined;
function loadPdfJs(): Promise<typeof PdfJs> {
  pdfjs ??= (async () => {
    // In Node pdf.js runs its "fake worker" in this thread. Its code is handed over loaded
    // (globalThis.pdfjsWorker): pdf.js importing it from workerSrc itself fails under tsx (npm start,
    // bin/arende.js in a checkout), whose loader adds a query to the file's path.
    const g = globalThis as { pdfjsWorker?: unknown };
    const worker = 'pdfjs-dist/legacy/build/pdf.worker.mjs'; // untyped: the module's shape is pdf.js's concern
    g.pdfjsWorker ??= await import(worker);
    const lib = await import('pdfjs-dist/legacy/build/pdf.mjs');
    lib.GlobalWorkerOptions.workerSrc = pathToFileURL(require.resolve('pdfjs-dist/legacy/build/pdf.worker.mjs')).href;
    return lib;
  })();
  return pdfjs;
}

function packageDir(): string {
  return dirname(require.resolve('pdfjs-dist/package.json'));
}

const megabytes = (n: number) => `${(n / 1024 / 1024).toLocaleString('sv-SE', { maximumFractionDigits: 1 })} MB`;

/** The checks that need no parsing: size, the "%PDF-" header, the "%%EOF" a complete file ends with. */
function checkBytes(bytes: Uint8Array, maxBytes: number): void {
  if (bytes.byteLength > maxBytes) {
    throw new PdfTextError('too-large', `PDF-filen är för stor (${megabytes(bytes.byteLength)}): högst ${megabytes(maxBytes)} tas emot.`);
  }
  // The header may follow a little junk (the PDF standard allows it; readers look in the first 1 KB).
  const head = Buffer.from(bytes.buffer, bytes.byteOffset, Math.min(bytes.byteLength, 1024)).toString('latin1');
  if (!head.includes('%PDF-')) {
    throw new PdfTextError('not-pdf', 'Filen är ingen PDF: en PDF-fil börjar med "%PDF-". Ladda upp PDF-filen eller klistra in texten.');
  }
  // A file cut short (an interrupted upload or download) lacks its end marker. pdf.js would often
  // still read the pages it finds, silently without the rest: refuse instead.
  const tailStart = Math.max(0, bytes.byteLength - 2048);
  const tail = Buffer.from(bytes.buffer, bytes.byteOffset + tailStart, bytes.byteLength - tailStart).toString('latin1');
  if (!tail.includes('%%EOF')) {
    throw new PdfTextError('truncated', 'PDF-filen är ofullständig (slutmarkeringen "%%EOF" saknas): den har troligen avbrutits vid uppladdning eller nedladdning. Hämta filen igen.');
  }
}

/** pdf.js's exceptions as Swedish errors; by name, not instanceof: in jest they come from another realm. */
function translate(err: unknown): PdfTextError {
  const name = err && typeof err === 'object' && 'name' in err ? String(err.name) : '';
  if (name === 'PasswordException') {
    return new PdfTextError('encrypted', 'PDF-filen är lösenordsskyddad och kan inte läsas: spara den utan lösenord, eller klistra in texten.');
  }
  return new PdfTextError('corrupt', 'PDF-filen är skadad och kan inte läsas: öppna den i en PDF-läsare och spara den på nytt, eller klistra in texten.');
}

/** Gaps between two pieces on a line, in font sizes: a word space, and a column (tab stop) gap. */
const WORD_GAP = 0.2;
const COLUMN_GAP = 1.0;

/** Tabs, no-break and other spaces as plain spaces; the line trimmed. */
const spaced = (text: string) => text.replace(/[^\S\n]/g, ' ').replace(/\n/g, ' ').trim();

/** A piece of text on a page, in PDF points (y up, as pdf.js gives it). */
export type TextPiece = { str: string; x: number; y: number; size: number; width: number };

/**
 * One page's text items as lines: items whose baselines lie within half a font size of each other
 * are one line, lines go top to bottom and items left to right. A gap wider than a fifth of the font
 * size between two items is a space (pdf.js gives words as items, often without the space between);
 * one wider than the font size is a column gap, three spaces, as text extracted from the region's
 * PDFs has it ("5. Information från regionstyrelsen   Björn Eriksson"): the parser tells a title
 * from the presenter or time set beside it by that. Spaces within an item are kept; lines trimmed.
 * A gap between lines wider than 1.8 line heights becomes an empty line (a paragraph break).
 * Rotated text (a margin note along the edge) comes after the page's lines, each item on its own line.
 */
export function linesFromItems(items: readonly TextPiece[], rotated: readonly string[] = []): string[] {
  const sorted = items.filter((i) => i.str.length > 0).sort((a, b) => b.y - a.y || a.x - b.x);
  const rows: { y: number; size: number; items: TextPiece[] }[] = [];
  for (const item of sorted) {
    const row = rows[rows.length - 1];
    if (row && Math.abs(row.y - item.y) <= Math.max(row.size, item.size) * 0.5) {
      row.items.push(item);
      row.size = Math.max(row.size, item.size);
    } else {
      rows.push({ y: item.y, size: item.size, items: [item] });
    }
  }
  const lines: string[] = [];
  let previous: { y: number; size: number } | undefined;
  for (const row of rows) {
    row.items.sort((a, b) => a.x - b.x);
    let line = '';
    let end = 0;
    let space = false;
    for (const item of row.items) {
      // pdf.js puts a " " item in a gap it sees; the gap itself, measured here, says how wide.
      if (!item.str.trim()) {
        space = true;
        continue;
      }
      if (line) {
        const gap = item.x - end;
        const spaceAround = space || /^\s/.test(item.str) || /\s$/.test(line);
        const separator = gap > item.size * COLUMN_GAP ? '   ' : gap > item.size * WORD_GAP || spaceAround ? ' ' : '';
        line = line.trimEnd() + separator + item.str.trimStart();
      } else {
        line = item.str;
      }
      end = item.x + item.width;
      space = false;
    }
    const text = spaced(line);
    if (!text) continue;
    if (previous && previous.y - row.y > Math.max(previous.size, row.size) * 1.2 * 1.8) lines.push('');
    lines.push(text);
    previous = row;
  }
  for (const str of rotated) {
    const text = spaced(str);
    if (text) lines.push(text);
  }
  return lines;
}

/**
 * The text of a PDF, page by page. Throws PdfTextError (Swedish message naming the rule) for a file
 * over the limits, not a PDF, cut short, password protected, damaged, or without any text (scanned).
 */
export async function pdfText(bytes: Uint8Array, limits: PdfTextLimits = {}): Promise<PdfText> {
  const maxBytes = limits.maxBytes ?? PDF_MAX_BYTES;
  const maxPages = limits.maxPages ?? PDF_MAX_PAGES;
  checkBytes(bytes, maxBytes);
  const lib = await loadPdfJs();
  const dir = packageDir();
  const task = lib.getDocument({
    // A copy: pdf.js hands the data to its worker and detaches the buffer, which is the caller's.
    data: new Uint8Array(bytes),
    verbosity: 0, // errors only: pdf.js's warnings about odd fonts are no concern of the reader's
    isEvalSupported: false,
    disableFontFace: true,
    useSystemFonts: false,
    // Local files, read from the package: the standard 14 fonts and CJK character maps.
    standardFontDataUrl: join(dir, 'standard_fonts') + '/',
    cMapUrl: join(dir, 'cmaps') + '/',
    cMapPacked: true,
    stopAtErrors: false,
  });
  let doc: PdfJs.PDFDocumentProxy;
  try {
    doc = await task.promise;
  } catch (err) {
    await task.destroy().catch(() => undefined);
    throw translate(err);
  }
  try {
    if (doc.numPages > maxPages) {
      throw new PdfTextError('too-many-pages', `PDF-filen har ${doc.numPages} sidor: högst ${maxPages} sidor läses. Dela upp filen eller klistra in texten.`);
    }
    const pages: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      let content: Awaited<ReturnType<PdfJs.PDFPageProxy['getTextContent']>>;
      try {
        const page = await doc.getPage(n);
        content = await page.getTextContent();
        page.cleanup();
      } catch (err) {
        throw translate(err);
      }
      const items: TextPiece[] = [];
      const rotated: string[] = [];
      for (const raw of content.items) {
        if (!('str' in raw)) continue; // a marked-content marker, no text
        const [a = 0, b = 0, c = 0, d = 0, e = 0, f = 0] = raw.transform as number[];
        if (Math.abs(b) > Math.abs(a) * 0.1 || Math.abs(c) > Math.abs(d) * 0.1) {
          rotated.push(raw.str);
          continue;
        }
        items.push({ str: raw.str, x: e, y: f, size: Math.abs(d) || raw.height || 10, width: raw.width });
      }
      pages.push(linesFromItems(items, rotated).join('\n'));
    }
    if (pages.every((p) => p.trim() === '')) {
      throw new PdfTextError('no-text', 'PDF-filen innehåller ingen text (den är troligen inskannad som bild): klistra in texten i stället.');
    }
    return { pages, text: pages.join(PAGE_SEPARATOR) };
  } finally {
    await doc.destroy().catch(() => undefined);
  }
}

/** How far from a page's top or bottom a repeated line counts as page furniture (header, footer). */
const FURNITURE_DEPTH = 3;

/**
 * The pages as one text without the lines the document repeats at the top or bottom of its pages:
 * its title, "Sida 3 av 25", "Justerandes sign  Utdragsbestyrkande". A line counts when, digits
 * masked (page numbers, dates), it stands at the same place (k-th non-empty line from the top, or
 * from the bottom, k < 3) on at least 3 pages and 60 % of them; with fewer than 3 pages nothing is
 * dropped (one page cannot tell a header from content). Pages are joined by one empty line.
 */
export function withoutPageFurniture(pages: readonly string[]): string {
  const key = (line: string) => line.replace(/\d+/g, '#').replace(/\s+/g, ' ');
  const split = pages.map((p) => p.split('\n'));
  const places = (lines: string[]) => {
    const filled = lines.map((l, i) => [l, i] as const).filter(([l]) => l.trim() !== '');
    const top = filled.slice(0, FURNITURE_DEPTH).map(([l, i], k) => ({ at: i, key: `top ${k} ${key(l)}` }));
    const bottom = filled.slice(-FURNITURE_DEPTH).reverse().map(([l, i], k) => ({ at: i, key: `bottom ${k} ${key(l)}` }));
    return [...top, ...bottom];
  };
  const counts = new Map<string, number>();
  for (const lines of split) for (const k of new Set(places(lines).map((p) => p.key))) counts.set(k, (counts.get(k) ?? 0) + 1);
  const needed = Math.max(3, Math.ceil(pages.length * 0.6));
  const kept = split.map((lines) => {
    const drop = new Set(places(lines).filter((p) => (counts.get(p.key) ?? 0) >= needed).map((p) => p.at));
    const rest = lines.filter((_, i) => !drop.has(i));
    while (rest.length && rest[0]!.trim() === '') rest.shift();
    while (rest.length && rest[rest.length - 1]!.trim() === '') rest.pop();
    return rest.join('\n');
  });
  return kept.filter((p) => p !== '').join('\n\n');
}
