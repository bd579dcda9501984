/**
 * HTML to PDF through one long-lived Chromium and a small pool of pages: starting a browser per letter costs
 * half a second, a page from the pool a few milliseconds. Pages run with JavaScript off and every network request
 * refused, so a letter can only show what its HTML carries inline (fonts and logo as data: URLs).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { PDFDocument } from 'pdf-lib';
import { PrivacyloketError } from '../lib/errors';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords?: string[];
}

export interface PdfPrinter {
  print(html: string, metadata: PdfMetadata): Promise<Buffer>;
  /** Requests the pages tried to make and were refused: a letter template should never make one. */
  readonly blockedRequests: string[];
  close(): Promise<void>;
}

/** Flags that work in containers and keep Chromium from calling home. */
export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

export function launchChromium(executablePath: string | undefined): Promise<Browser> {
  if (!executablePath) {
    throw new PrivacyloketError(
      'tool-missing',
      'Chromium is missing: run npm start (it installs it) or set CHROMIUM_PATH to a Chromium or Chrome program.',
    );
  }
  return puppeteer.launch({ executablePath, args: CHROMIUM_ARGS, headless: true });
}

export function createPdfPrinter({
  chromiumPath,
  pages = 3,
}: {
  chromiumPath: string | undefined;
  pages?: number;
}): PdfPrinter {
  const blockedRequests: string[] = [];
  let pool: Promise<{ browser: Browser; idle: Page[] }> | undefined;
  const waiting: ((page: Page) => void)[] = [];

  /** The browser and its pages, started on first use and again after a crash. */
  function browserPool() {
    pool ??= (async () => {
      const browser = await launchChromium(chromiumPath);
      browser.once('disconnected', () => (pool = undefined));
      const idle = await Promise.all(
        Array.from({ length: pages }, () => lockedPage(browser, blockedRequests)),
      );
      return { browser, idle };
    })();
    pool.catch(() => (pool = undefined));
    return pool;
  }

  async function withPage<T>(use: (page: Page) => Promise<T>): Promise<T> {
    const current = await browserPool();
    const page = current.idle.pop() ?? (await new Promise<Page>((resolve) => waiting.push(resolve)));
    try {
      return await use(page);
    } finally {
      const next = waiting.shift();
      if (next) next(page);
      else current.idle.push(page);
    }
  }

  return {
    blockedRequests,
    async print(html, metadata) {
      const printed = await withPage(async (page) => {
        await page.setContent(html, { waitUntil: 'load' });
        return page.pdf({ format: 'A4', printBackground: true, preferCSSPageSize: true });
      });
      return withMetadata(printed, metadata);
    },
    async close() {
      const current = await pool?.catch(() => undefined);
      pool = undefined;
      await current?.browser.close();
    },
  };
}

async function lockedPage(browser: Browser, blocked: string[]): Promise<Page> {
  const page = await browser.newPage();
  await page.setJavaScriptEnabled(false);
  await page.setRequestInterception(true);
  page.on('request', (request) => {
    const url = request.url();
    if (url.startsWith('data:') || url === 'about:blank') return void request.continue();
    blocked.push(url);
    void request.abort('blockedbyclient');
  });
  return page;
}

/** Chromium writes only a title; the author and subject make the letter findable in any PDF reader or archive. */
async function withMetadata(
  pdf: Uint8Array,
  { title, author, subject, keywords }: PdfMetadata,
): Promise<Buffer> {
  const document = await PDFDocument.load(pdf, { updateMetadata: false });
  document.setTitle(title, { showInWindowTitleBar: true });
  document.setAuthor(author);
  document.setSubject(subject);
  document.setKeywords(keywords ?? []);
  document.setCreator('Privacyloket');
  document.setProducer('Privacyloket (Chromium, pdf-lib)');
  return Buffer.from(await document.save());
}

/**
 * AES-256 encryption by qpdf, for letters the policy sends as encrypted attachments. The password goes in an
 * argument file (mode 0600), not on the command line, where any local user could read it.
 */
export async function encryptPdf(
  qpdfPath: string | undefined,
  pdf: Buffer,
  password: string,
): Promise<Buffer> {
  if (!qpdfPath) {
    throw new PrivacyloketError(
      'tool-missing',
      'qpdf is missing: run npm start (it installs it) or set QPDF_PATH to the qpdf program.',
    );
  }
  const dir = await mkdtemp(join(tmpdir(), 'privacyloket-pdf-'));
  try {
    const [input, output, args] = ['letter.pdf', 'encrypted.pdf', 'args'].map((name) => join(dir, name));
    await writeFile(input!, pdf, { mode: 0o600 });
    const owner = randomBytes(24).toString('base64url'); // nobody needs to change the letter
    await writeFile(args!, ['--encrypt', password, owner, '256', '--', input, output].join('\n'), {
      mode: 0o600,
    });
    await promisify(execFile)(qpdfPath, [`@${args}`]);
    return await readFile(output!);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
