// Real PDFs from text, for the tests of PDF → text (lib/pdf-text.ts) and of the document parser on a
// PDF: pdfkit writes each line where it is given, so the lines a test expects are the lines drawn.
// Helvetica, one of the PDF standard fonts, in WinAnsi: covers å ä ö, "§", "•", "–" and "”".
import PDFDocument from 'pdfkit';

export type PdfLayout = {
  /** Lines of body text per page (empty lines count: they leave a line's height of space). */
  linesPerPage?: number;
  /** A line at the top of every page, as a kallelse or protokoll repeats its title. */
  header?: string;
  /** A line at the bottom of every page; `{page}` and `{pages}` are replaced. */
  footer?: string;
  fontSize?: number;
  /** Given: the PDF is encrypted with this user password (pdfkit's RC4/AES). */
  userPassword?: string;
};

/** A4 in points, margins and line height of a plain word-processor page. */
const PAGE = { width: 595.28, height: 841.89, left: 56, top: 56, bottom: 56 };

/**
 * One line. Where the text has a run of spaces or a tab (a column gap in text extracted from the
 * region's PDFs: "regionstyrelsen   Björn Eriksson"), the next piece is drawn two font sizes further
 * on, as a tab stop puts it: pdf.js reads spaces drawn as characters as one space.
 */
function drawLine(doc: PDFKit.PDFDocument, line: string, y: number, size: number): void {
  let x = PAGE.left;
  for (const piece of line.split(/ {2,}|\t+/)) {
    if (piece.trim()) doc.text(piece, x, y, { lineBreak: false });
    x += doc.widthOfString(piece) + size * 2;
  }
}

/** The body lines split over pages as pdfFromLines lays them out (for a test's expectations). */
export function pagesOf(lines: readonly string[], linesPerPage = 40): string[][] {
  const pages: string[][] = [];
  for (let i = 0; i < lines.length; i += linesPerPage) pages.push(lines.slice(i, i + linesPerPage));
  return pages.length ? pages : [[]];
}

/** A PDF whose pages hold `lines`, each drawn as one line of text, with the header and footer. */
export function pdfFromLines(lines: readonly string[], layout: PdfLayout = {}): Promise<Uint8Array> {
  const size = layout.fontSize ?? 11;
  const lineHeight = size * 1.25;
  const pages = pagesOf(lines, layout.linesPerPage ?? 40);
  const doc = new PDFDocument({
    size: 'A4',
    autoFirstPage: false,
    info: { Title: 'Testdokument', Producer: 'arendeflode tests' },
    ...(layout.userPassword ? { userPassword: layout.userPassword, pdfVersion: '1.7' as const } : {}),
  });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.font('Helvetica').fontSize(size);
  pages.forEach((body, i) => {
    doc.addPage({ size: 'A4', margin: 0 });
    let y = PAGE.top;
    if (layout.header) {
      doc.text(layout.header, PAGE.left, y, { lineBreak: false });
      y += lineHeight * 2;
    }
    for (const line of body) {
      drawLine(doc, line, y, size);
      y += lineHeight;
    }
    if (layout.footer) {
      const footer = layout.footer.replace('{page}', String(i + 1)).replace('{pages}', String(pages.length));
      doc.text(footer, PAGE.left, PAGE.height - PAGE.bottom, { lineBreak: false });
    }
  });
  doc.end();
  return done;
}

/** A PDF drawn by the test itself (pieces of text at given places, a page without text …). */
export function pdfDrawn(draw: (doc: PDFKit.PDFDocument) => void): Promise<Uint8Array> {
  const doc = new PDFDocument({ size: 'A4', margin: 0 });
  const chunks: Buffer[] = [];
  doc.on('data', (c: Buffer) => chunks.push(c));
  const done = new Promise<Uint8Array>((resolve, reject) => {
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
  });
  doc.font('Helvetica').fontSize(11);
  draw(doc);
  doc.end();
  return done;
}
