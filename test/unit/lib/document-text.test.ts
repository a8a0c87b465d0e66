import { DOCUMENT_TEXT_MAX_BYTES, DocumentTextError, checkedText, documentText } from '../../../lib/document-text';
import { pdfFromLines } from '../../helpers/pdf-from-text';

const utf8 = (s: string) => new TextEncoder().encode(s);

test('a text file is its text (BOM and CRLF dropped); a PDF is its text layer', async () => {
  await expect(documentText(utf8('\uFEFF§ 31\r\nBeslut\r\n'))).resolves.toBe('§ 31\nBeslut\n');
  const pdf = await pdfFromLines(['Regionstyrelsen', '§ 31', 'Beslut', '1. Region Jämtland Härjedalen ska delta.']);
  const text = await documentText(pdf);
  expect(text).toContain('§ 31');
  expect(text).toContain('Region Jämtland Härjedalen ska delta.');
});

test('what cannot be read is refused with the rule, in Swedish', async () => {
  await expect(documentText(new Uint8Array())).rejects.toThrow(new DocumentTextError('filen är tom'));
  await expect(documentText(new Uint8Array([0xff, 0xfe, 0x00, 0x41]))).rejects.toThrow(/varken en PDF eller text i UTF-8/);
  await expect(documentText(utf8('%PDF-1.7\n trasig'))).rejects.toBeInstanceOf(DocumentTextError);
  expect(() => checkedText('   \n')).toThrow(/texten är tom/);
  expect(() => checkedText('x'.repeat(DOCUMENT_TEXT_MAX_BYTES + 1))).toThrow(/större än 2 MB/);
});
