/**
 * Letters to PDF through one long-lived Chromium and a small pool of pages. Starting a browser per letter costs
 * more than a second; most of a print job's cost is the job itself, not its pages, so letters that wait for a
 * page are printed together in one document and split afterwards (a marker link on each letter's first page
 * says where it starts). Pages run with JavaScript off and every network request refused: a letter can only show
 * what its HTML carries inline (fonts and logo as data: URLs).
 */
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { PDFArray, PDFDict, PDFDocument, PDFName, type PDFPage } from 'pdf-lib';
import puppeteer, { type Browser, type Page } from 'puppeteer';
import { PrivacyloketError } from '../lib/errors';

export interface PdfMetadata {
  title: string;
  author: string;
  subject: string;
  keywords?: string[];
}

export interface PdfPrinter {
  /** Prints one letter body; `document` of the printer wraps bodies in their HTML document. */
  print(body: string, metadata: PdfMetadata): Promise<Buffer>;
  /** Requests the pages tried to make and were refused: a letter template should never make one. */
  readonly blockedRequests: string[];
  /** Starts Chromium now rather than at the first letter. */
  warm(): Promise<void>;
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

/**
 * `profileDir` is this process's own Chromium profile (under the data folder, not /tmp), so that a worker killed
 * with its browser running leaves nothing the next start cannot find and remove. Chromium talks to us over a
 * pipe, which closes when we die, and Chromium exits with it.
 */
export function launchChromium(executablePath: string | undefined, profileDir: string): Promise<Browser> {
  if (!executablePath) {
    throw new PrivacyloketError(
      'tool-missing',
      'Chromium is missing: run npm start (it installs it) or set CHROMIUM_PATH to a Chromium or Chrome program.',
    );
  }
  // Puppeteer would otherwise exit the whole process on Ctrl-C; the worker drains and closes the browser itself.
  return puppeteer.launch({
    executablePath,
    userDataDir: profileDir,
    pipe: true,
    args: CHROMIUM_ARGS,
    headless: true,
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
  });
}

interface Job {
  body: string;
  metadata: PdfMetadata;
  resolve(pdf: Buffer): void;
  reject(error: unknown): void;
}

/** Marks where a letter starts; links are never followed here, and the mark is removed from the result. */
const MARKER = 'https://letter-start.invalid/';

export function createPdfPrinter({
  chromiumPath,
  profilesDir,
  document,
  pages = 2,
  maxBatch = 24,
}: {
  chromiumPath: string | undefined;
  /** This process's folder for Chromium profiles: each browser it starts gets a fresh one inside. */
  profilesDir: string;
  document: (bodies: string[]) => string;
  pages?: number;
  maxBatch?: number;
}): PdfPrinter {
  const blockedRequests: string[] = [];
  const queue: Job[] = [];
  let pool: Promise<{ browser: Browser; idle: Page[]; profileDir: string }> | undefined;

  /** The browser and its pages, started on first use and again after a crash. */
  function browserPool() {
    pool ??= (async () => {
      await mkdir(profilesDir, { recursive: true, mode: 0o700 });
      const profileDir = await mkdtemp(join(profilesDir, 'profile-'));
      const browser = await launchChromium(chromiumPath, profileDir).catch(async (error: unknown) => {
        await removeProfile(profileDir);
        throw error;
      });
      browser.once('disconnected', () => {
        pool = undefined;
        void removeProfile(profileDir);
      });
      const idle = await Promise.all(
        Array.from({ length: pages }, () => lockedPage(browser, blockedRequests)),
      );
      return { browser, idle, profileDir };
    })();
    pool.catch(() => (pool = undefined));
    return pool;
  }

  /** Hands waiting letters, as many as a batch takes, to every idle page. */
  async function dispatch(): Promise<void> {
    let current;
    try {
      current = await browserPool();
    } catch (error) {
      for (const job of queue.splice(0)) job.reject(error);
      return;
    }
    while (queue.length > 0 && current.idle.length > 0) {
      const page = current.idle.pop()!;
      const batch = queue.splice(0, maxBatch);
      void printBatch(page, batch).finally(() => {
        current.idle.push(page);
        void dispatch();
      });
    }
  }

  async function printBatch(page: Page, batch: Job[]): Promise<void> {
    try {
      const marked = batch.map(
        (job, index) =>
          `<section style="break-before: page"><a href="${MARKER}${index}" style="display: block; width: 1px; height: 1px"></a>${job.body}</section>`,
      );
      await page.setContent(document(marked), { waitUntil: 'load' });
      const printed = await page.pdf({ format: 'A4', printBackground: true, tagged: false, outline: false });
      const letters = await splitLetters(
        printed,
        batch.map((job) => job.metadata),
      );
      batch.forEach((job, index) => job.resolve(letters[index]!));
    } catch (error) {
      for (const job of batch) job.reject(error);
    }
  }

  return {
    blockedRequests,
    warm: async () => void (await browserPool()),
    print(body, metadata) {
      return new Promise<Buffer>((resolve, reject) => {
        queue.push({ body, metadata, resolve, reject });
        void dispatch();
      });
    },
    async close() {
      const current = await pool?.catch(() => undefined);
      pool = undefined;
      await current?.browser.close().catch(() => undefined); // already gone: nothing to close
      if (current) await removeProfile(current.profileDir);
    },
  };
}

/** Chromium may still be writing its profile as it exits: removal retries, and a leftover is cleared at the next start. */
async function removeProfile(dir: string): Promise<void> {
  await rm(dir, { recursive: true, force: true, maxRetries: 10, retryDelay: 100 }).catch(() => undefined);
}

/** One PDF per letter from a printed batch, each with its own metadata and without its marker. */
async function splitLetters(printed: Uint8Array, metadata: PdfMetadata[]): Promise<Buffer[]> {
  const count = metadata.length;
  const source = await PDFDocument.load(printed, { updateMetadata: false });
  const starts = source.getPages().flatMap((page, index) => (removeMarker(page) ? [index] : []));
  if (starts.length !== count || starts[0] !== 0) {
    throw new Error(`Printed ${count} letters but found ${starts.length} letter starts`);
  }
  return Promise.all(
    starts.map(async (start, index) => {
      const end = starts[index + 1] ?? source.getPageCount();
      const pages = Array.from({ length: end - start }, (_, i) => start + i);
      const letter = count === 1 ? source : await PDFDocument.create({ updateMetadata: false });
      if (letter !== source) for (const page of await letter.copyPages(source, pages)) letter.addPage(page);
      return withMetadata(letter, metadata[index]!);
    }),
  );
}

/** Removes the letter-start link from a page; true when the page had one. */
function removeMarker(page: PDFPage): boolean {
  const annotations = page.node.lookupMaybe(PDFName.of('Annots'), PDFArray);
  if (!annotations) return false;
  const index = annotations.asArray().findIndex((ref) => {
    const action = page.doc.context.lookupMaybe(ref, PDFDict)?.lookupMaybe(PDFName.of('A'), PDFDict);
    return action?.get(PDFName.of('URI'))?.toString().startsWith(`(${MARKER}`) === true;
  });
  if (index < 0) return false;
  annotations.remove(index);
  return true;
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
  document: PDFDocument,
  { title, author, subject, keywords }: PdfMetadata,
): Promise<Buffer> {
  document.setTitle(title, { showInWindowTitleBar: true });
  document.setAuthor(author);
  document.setSubject(subject);
  document.setKeywords(keywords ?? []);
  document.setCreator('Privacyloket');
  document.setProducer('Privacyloket (Chromium, pdf-lib)');
  return Buffer.from(await document.save());
}

/**
 * AES-256 encryption by qpdf, for letters the policy sends as encrypted attachments. The passwords go in a qpdf
 * job file (JSON, mode 0600), not on the command line, where any local user could read them, and not as bare
 * arguments, where a password beginning with '-' would be read as an option. The letter is written in the
 * worker's own temporary folder, which the next start clears should the worker die here.
 */
export async function encryptPdf(
  qpdfPath: string | undefined,
  tmpDir: string,
  pdf: Buffer,
  password: string,
): Promise<Buffer> {
  if (!qpdfPath) {
    throw new PrivacyloketError(
      'tool-missing',
      'qpdf is missing: run npm start (it installs it) or set QPDF_PATH to the qpdf program.',
    );
  }
  await mkdir(tmpDir, { recursive: true, mode: 0o700 });
  const dir = await mkdtemp(join(tmpDir, 'pdf-'));
  try {
    const [inputFile, outputFile, job] = ['letter.pdf', 'encrypted.pdf', 'job.json'].map((name) =>
      join(dir, name),
    );
    await writeFile(inputFile!, pdf, { mode: 0o600 });
    const owner = randomBytes(24).toString('hex'); // nobody needs to change the letter
    const encrypt = { userPassword: password, ownerPassword: owner, '256bit': {} };
    await writeFile(job!, JSON.stringify({ inputFile, outputFile, encrypt }), { mode: 0o600 });
    await promisify(execFile)(qpdfPath, [`--job-json-file=${job}`]);
    return await readFile(outputFile!);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
