// The text of an uploaded or pasted meeting document: a PDF (read by lib/pdf-text.ts, page headers and
// footers dropped) or plain text in UTF-8. What the dashboard, the API and the CLI hand the parser.
import { PdfTextError, pdfText, withoutPageFurniture } from './pdf-text';

/** Largest pasted or uploaded text, in bytes (a whole protokoll is some 100 kB). */
export const DOCUMENT_TEXT_MAX_BYTES = 2 * 1024 * 1024;

/** Why a document cannot be read; `message` is Swedish and names the rule. */
export class DocumentTextError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DocumentTextError';
  }
}

const isPdf = (bytes: Uint8Array) => bytes.length >= 5 && Buffer.from(bytes.subarray(0, 1024)).includes('%PDF-');

/** Pasted text: bounded, and something to read. */
export function checkedText(text: string): string {
  if (Buffer.byteLength(text, 'utf8') > DOCUMENT_TEXT_MAX_BYTES) {
    throw new DocumentTextError(`texten är större än ${DOCUMENT_TEXT_MAX_BYTES / 1024 / 1024} MB: klistra in en del i taget`);
  }
  if (text.trim() === '') throw new DocumentTextError('texten är tom: klistra in kallelsen, protokollet eller protokollsutdraget');
  return text.replace(/\r\n?/g, '\n');
}

/** The text of a file: a PDF's text layer, or the file itself when it is UTF-8 text. */
export async function documentText(bytes: Uint8Array): Promise<string> {
  if (bytes.length === 0) throw new DocumentTextError('filen är tom');
  if (isPdf(bytes)) {
    try {
      return withoutPageFurniture((await pdfText(bytes)).pages);
    } catch (err) {
      if (err instanceof PdfTextError) throw new DocumentTextError(err.message);
      throw err;
    }
  }
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new DocumentTextError('filen är varken en PDF eller text i UTF-8: ladda upp protokollet som PDF eller klistra in texten');
  }
  if (text.includes('\u0000')) throw new DocumentTextError('filen är varken en PDF eller text i UTF-8: ladda upp protokollet som PDF eller klistra in texten');
  return checkedText(text.replace(/^\uFEFF/, ''));
}
