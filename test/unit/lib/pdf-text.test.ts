// PDF → text end to end: real PDFs written by pdfkit from the seed texts (a kallelse, a protokoll),
// read back by lib/pdf-text.ts; the lines must come back as drawn, page by page, in order.
import fc from 'fast-check';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { PAGE_SEPARATOR, PdfTextError, pdfText, withoutPageFurniture } from '../../../lib/pdf-text';
import { pagesOf, pdfDrawn, pdfFromLines } from '../../helpers/pdf-from-text';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'documents');
const seed = (name: string) => readFileSync(join(FIXTURES, name), 'utf8');
/** The comparison ignores how much whitespace: runs of it are one space, lines trimmed, empty ones dropped. */
const normalised = (text: string) =>
  text
    .split('\n')
    .map((l) => l.replace(/\s+/g, ' ').trim())
    .filter((l) => l && l !== '\f');

async function expectPdfError(promise: Promise<unknown>, code: string, message: RegExp): Promise<void> {
  const err = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(PdfTextError);
  expect((err as PdfTextError).code).toBe(code);
  expect((err as PdfTextError).message).toMatch(message);
}

describe('pdfText on PDFs made from the seed documents', () => {
  beforeAll(async () => {
    // The first call loads pdf.js and its font data: timed on its own, so the figures below are per page.
    const started = performance.now();
    await pdfText(await pdfFromLines(['Kallelse']));
    console.log(`pdf-text: first call (loads pdf.js) ${(performance.now() - started).toFixed(0)} ms`);
  });

  const cases = [
    { file: 'seed-002-rsr-kallelse-2026-01-26.txt', header: 'Kallelse/föredragningslista Regionens samverkansråd 2026-01-26' },
    { file: 'seed-004-rs-protokoll-2026-03-25.txt', header: 'Protokoll Regionstyrelsen 2026-03-25' },
  ];
  for (const { file, header } of cases) {
    test(`${file}: every line comes back in order, page by page, with the header and footer of each page`, async () => {
      const lines = seed(file).split('\n');
      const pdf = await pdfFromLines(lines, { header, footer: 'Sida {page} av {pages}' });
      const started = performance.now();
      const { pages, text } = await pdfText(pdf);
      const ms = performance.now() - started;
      const expected = pagesOf(lines);
      console.log(`pdf-text ${file}: ${pages.length} pages, ${(pdf.byteLength / 1024).toFixed(0)} KB, ${ms.toFixed(0)} ms, ${(ms / pages.length).toFixed(1)} ms per page`);

      expect(pages).toHaveLength(expected.length);
      expect(pages.length).toBeGreaterThan(1);
      pages.forEach((page, i) => {
        const got = normalised(page);
        // The header first, the footer last: a parser can drop the lines every page repeats.
        expect(got[0]).toBe(header);
        expect(got[got.length - 1]).toBe(`Sida ${i + 1} av ${expected.length}`);
        expect(got.slice(1, -1)).toEqual(normalised(expected[i]!.join('\n')));
      });
      expect(text).toBe(pages.join(PAGE_SEPARATOR));
    });
  }

  test('the kallelse keeps å ä ö, "§", "•", the Dnr and the time beside a title', async () => {
    const { text } = await pdfText(await pdfFromLines(seed('seed-002-rsr-kallelse-2026-01-26.txt').split('\n')));
    for (const piece of ['Regionens samverkansråd', 'Plats: Styrelserummet', 'Förslag till beslut', 'Ärendebeskrivning', '(RS/62/2026)', '(HSN/2088/2025)', '• Tjänsteskrivelse om försörjningsberedskap', '2026–2034', '13:25']) {
      expect(text).toContain(piece);
    }
    const protokoll = await pdfText(await pdfFromLines(seed('seed-004-rs-protokoll-2026-03-25.txt').split('\n')));
    expect(normalised(protokoll.text)).toEqual(expect.arrayContaining(['§31', 'Justerandes sign Utdragsbestyrkande']));
  });
});

describe('withoutPageFurniture', () => {
  test('the seed protokoll as a PDF, its header and "Sida N av M" dropped: the seed text again', async () => {
    const lines = seed('seed-004-rs-protokoll-2026-03-25.txt').split('\n');
    const { pages } = await pdfText(await pdfFromLines(lines, { header: 'Protokoll Regionstyrelsen 2026-03-25', footer: 'Sida {page} av {pages}' }));
    const text = withoutPageFurniture(pages);
    expect(normalised(text)).toEqual(normalised(lines.join('\n')));
  });

  test('a line repeated at a page top on too few pages stays; with fewer than 3 pages nothing is dropped', () => {
    const words = ['ett', 'två', 'tre', 'fyra', 'fem'];
    const page = (n: number, first: string) => `Kallelse RSR\n\n${first}\ntext ${words[n - 1]}\nSida ${n}`;
    const five = [page(1, 'Ärendebeskrivning'), page(2, 'Ärendebeskrivning'), page(3, 'Förslag till beslut'), page(4, 'Beslut'), page(5, 'Beslut')];
    expect(withoutPageFurniture(five).split('\n')).toEqual(['Ärendebeskrivning', 'text ett', '', 'Ärendebeskrivning', 'text två', '', 'Förslag till beslut', 'text tre', '', 'Beslut', 'text fyra', '', 'Beslut', 'text fem']);
    expect(withoutPageFurniture(five.slice(0, 2))).toBe(`${page(1, 'Ärendebeskrivning')}\n\n${page(2, 'Ärendebeskrivning')}`);
  });
});

describe('pdfText lines', () => {
  test('a word hyphenated over two lines stays two lines (the parser joins them)', async () => {
    const { pages } = await pdfText(await pdfFromLines(['som avgör vilka som får delta i produktinformationsmöten. Deltagare bör vara hälso-', 'och sjukvårdspersonal.']));
    expect(pages[0]!.split('\n')).toEqual(['som avgör vilka som får delta i produktinformationsmöten. Deltagare bör vara hälso-', 'och sjukvårdspersonal.']);
  });

  test('a wider gap between lines is an empty line; no gap, none', async () => {
    const { pages } = await pdfText(await pdfFromLines(['Beslut', 'Regionstyrelsen beslutar', '', '', 'Expedieras till', 'Beredskapschef']));
    expect(pages[0]!.split('\n')).toEqual(['Beslut', 'Regionstyrelsen beslutar', '', 'Expedieras till', 'Beredskapschef']);
  });

  test('pieces on one baseline are one line, left to right, whatever order they were drawn in; a word gap is a space, a column gap three', async () => {
    const pdf = await pdfDrawn((doc) => {
      doc.text('14:45', 480, 120, { lineBreak: false });
      doc.text('Ärendebeskrivning', 56, 140, { lineBreak: false });
      doc.text('Anna Frisk och Jan Persson', 56, 120, { lineBreak: false });
      doc.text('§ 2', 56, 100, { lineBreak: false });
      // Two words drawn as two pieces with a word's gap and none: a space, and no space.
      doc.text('Dnr', 56, 160, { lineBreak: false });
      doc.text('RS/62/2026', 56 + doc.widthOfString('Dnr '), 160, { lineBreak: false });
      doc.text('Stats', 56, 180, { lineBreak: false });
      doc.text('bidraget', 56 + doc.widthOfString('Stats'), 180, { lineBreak: false });
    });
    const { pages } = await pdfText(pdf);
    // A column's gap (the time beside the names) is three spaces, as in text extracted from the region's PDFs.
    expect(pages[0]!.split('\n')).toEqual(['§ 2', 'Anna Frisk och Jan Persson   14:45', 'Ärendebeskrivning', 'Dnr RS/62/2026', 'Statsbidraget']);
  });

  test('text along the margin (rotated) comes after the page lines', async () => {
    const pdf = await pdfDrawn((doc) => {
      doc.text('Protokollsutdrag', 56, 100, { lineBreak: false });
      doc.save().rotate(-90, { origin: [30, 700] }).text('Dokument-id 12345', 30, 700, { lineBreak: false }).restore();
      doc.text('§ 31', 56, 120, { lineBreak: false });
    });
    const { pages } = await pdfText(pdf);
    expect(pages[0]!.split('\n')).toEqual(['Protokollsutdrag', '§ 31', 'Dokument-id 12345']);
  });

  test('the caller’s bytes are left as they were (pdf.js would detach the buffer it is given)', async () => {
    const pdf = await pdfFromLines(['Kallelse']);
    const copy = Uint8Array.from(pdf);
    await pdfText(pdf);
    expect(pdf.byteLength).toBe(copy.byteLength);
    expect(Buffer.from(pdf).equals(Buffer.from(copy))).toBe(true);
  });
});

describe('pdfText refuses, in Swedish, naming the rule', () => {
  test('a file over the size limit, before reading it', async () => {
    const pdf = await pdfFromLines(['Kallelse']);
    await expectPdfError(pdfText(pdf, { maxBytes: 100 }), 'too-large', /^PDF-filen är för stor \(.* MB\): högst 0 MB tas emot\.$/);
  });

  test('more pages than the limit', async () => {
    const pdf = await pdfFromLines(['a', 'b', 'c'], { linesPerPage: 1 });
    await expectPdfError(pdfText(pdf, { maxPages: 2 }), 'too-many-pages', /^PDF-filen har 3 sidor: högst 2 sidor läses\./);
    expect((await pdfText(pdf, { maxPages: 3 })).pages).toHaveLength(3);
  });

  test('a file that is not a PDF, and an empty one', async () => {
    const text = new TextEncoder().encode(seed('seed-002-rsr-kallelse-2026-01-26.txt'));
    await expectPdfError(pdfText(text), 'not-pdf', /^Filen är ingen PDF: en PDF-fil börjar med "%PDF-"\./);
    await expectPdfError(pdfText(new Uint8Array(0)), 'not-pdf', /ingen PDF/);
  });

  test('a PDF cut short', async () => {
    const pdf = await pdfFromLines(seed('seed-002-rsr-kallelse-2026-01-26.txt').split('\n'));
    for (const at of [0.3, 0.6, 0.99]) {
      await expectPdfError(pdfText(pdf.subarray(0, Math.floor(pdf.byteLength * at))), 'truncated', /^PDF-filen är ofullständig/);
    }
  });

  test('a damaged PDF (header and end marker, nothing readable between)', async () => {
    const junk = new TextEncoder().encode('%PDF-1.7\n1 0 obj\n<< /Type /Catalog /Pages 9 0 R >>\nendobj\ntrash trash\n%%EOF\n');
    await expectPdfError(pdfText(junk), 'corrupt', /^PDF-filen är skadad och kan inte läsas/);
  });

  test('a password-protected PDF', async () => {
    const pdf = await pdfFromLines(['Hemligt'], { userPassword: 'hemligt' });
    await expectPdfError(pdfText(pdf), 'encrypted', /^PDF-filen är lösenordsskyddad/);
  });

  test('a PDF without text (a scanned page)', async () => {
    const pdf = await pdfDrawn((doc) => {
      doc.rect(56, 56, 300, 400).fill('#888888');
    });
    await expectPdfError(pdfText(pdf), 'no-text', /^PDF-filen innehåller ingen text/);
  });

  test('a PDF with bytes overwritten anywhere gives text or a PdfTextError, never another error', async () => {
    const pdf = await pdfFromLines(seed('seed-002-rsr-kallelse-2026-01-26.txt').split('\n').slice(0, 60), { linesPerPage: 20 });
    const outcomes = { text: 0, refused: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(fc.tuple(fc.nat({ max: pdf.byteLength - 1 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), async (edits) => {
        const damaged = Uint8Array.from(pdf);
        for (const [at, value] of edits) damaged[at] = value;
        try {
          await pdfText(damaged);
          outcomes.text++;
        } catch (err) {
          expect(err).toBeInstanceOf(PdfTextError);
          outcomes.refused++;
        }
      }),
      { numRuns: 60, seed: 16 },
    );
    console.log(`pdf-text damaged PDFs: ${outcomes.text} read, ${outcomes.refused} refused with a PdfTextError`);
  });
});
