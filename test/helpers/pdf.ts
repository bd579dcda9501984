/** Reads a PDF back the way a reader would: its text (whitespace collapsed) and its document information. */
import { extractText, getDocumentProxy, getMeta } from 'unpdf';

export async function readPdf(pdf: Uint8Array, password?: string) {
  const document = await getDocumentProxy(new Uint8Array(pdf), password === undefined ? {} : { password });
  const { text, totalPages } = await extractText(document, { mergePages: true });
  const { info } = await getMeta(document);
  return {
    text: text.replace(/\s+/g, ' '),
    pages: totalPages,
    info: info as {
      Title?: string;
      Author?: string;
      Subject?: string;
      Keywords?: string;
      EncryptFilterName?: string;
    },
  };
}

/** Each page's text, as a reader sees it page by page. */
export async function readPages(pdf: Uint8Array, password?: string): Promise<string[]> {
  const document = await getDocumentProxy(new Uint8Array(pdf), password === undefined ? {} : { password });
  const { text } = await extractText(document, { mergePages: false });
  return text.map((page) => page.replace(/\s+/g, ' '));
}
