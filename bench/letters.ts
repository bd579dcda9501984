/**
 * Letters per second through the real pipeline (templates, the page pool of one long-lived Chromium, PDF
 * metadata), against a baseline that starts a browser per letter, in the same run on the same machine.
 *   npm run bench:letters [-- <letters> <baseline letters> <concurrency>]
 * The last line reads `letters/s: <pipeline> baseline: <baseline> ratio: <ratio>`.
 */
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { organisationIn } from '../activities/letters';
import { createPdfPrinter, launchChromium, type PdfMetadata } from '../activities/pdf';
import { loadPolicy, policiesDir } from '../policies/load';
import { createTemplates } from '../templates';
import { loadConfig } from '../services/config';
import { ownSubdir } from '../services/files';

const [letters = 300, baselineLetters = 10, concurrency = 32] = process.argv.slice(2).map(Number);
const config = loadConfig();
const templates = createTemplates();
const policy = await loadPolicy('de-buurderij');
const logo = (await readFile(join(policiesDir, policy.id, policy.organisation.letterhead.logo))).toString(
  'base64',
);

function letter(n: number): { body: string; metadata: PdfMetadata } {
  const reference = `INZ-2026-${String(n).padStart(4, '0')}`;
  const { body, title } = templates.letter('access', 'acknowledgement', 'nl', {
    locale: 'nl',
    date: '2026-11-23',
    reference,
    ...organisationIn(policy, 'nl'),
    letterhead: { logo: `data:image/svg+xml;base64,${logo}`, colour: policy.organisation.letterhead.colour },
    addressee: { name: `Betrokkene ${n}`, postalAddress: `Dorpsstraat ${n}\n1234 AB Ergens` },
    request: { receivedDate: '2026-11-20', dueDate: '2026-12-18', period: { weeks: 4 } },
  });
  return {
    body,
    metadata: { title: `${title} (${reference})`, author: policy.organisation.name, subject: reference },
  };
}

async function timed(run: () => Promise<number>): Promise<number> {
  const started = performance.now();
  const count = await run();
  return count / ((performance.now() - started) / 1000);
}

// The pipeline: one browser, a pool of pages, letters in flight `concurrency` at a time. Warmed up first.
const printer = createPdfPrinter({
  chromiumPath: config.chromiumPath,
  profilesDir: ownSubdir(config.chromiumDir),
  document: templates.document,
});
await Promise.all(
  Array.from({ length: concurrency }, (_, i) => printer.print(letter(i).body, letter(i).metadata)),
);
const pipeline = await timed(async () => {
  let next = 0;
  const lane = async () => {
    while (next < letters) {
      const { body, metadata } = letter(next++);
      await printer.print(body, metadata);
    }
  };
  await Promise.all(Array.from({ length: concurrency }, lane));
  return letters;
});
await printer.close();
console.log(`pipeline: ${letters} letters, ${concurrency} in flight, ${pipeline.toFixed(1)} letters/s`);

// The baseline: what a straightforward implementation does, a fresh browser for every letter.
const baseline = await timed(async () => {
  for (let n = 0; n < baselineLetters; n++) {
    const profile = await mkdtemp(join(tmpdir(), 'privacyloket-bench-'));
    const browser = await launchChromium(config.chromiumPath, profile);
    const page = await browser.newPage();
    await page.setContent(templates.document([letter(n).body]), { waitUntil: 'load' });
    await page.pdf({ format: 'A4', printBackground: true });
    await browser.close();
    await rm(profile, { recursive: true, force: true });
  }
  return baselineLetters;
});
console.log(`baseline: ${baselineLetters} letters, a browser each, ${baseline.toFixed(2)} letters/s`);
console.log(
  `letters/s: ${pipeline.toFixed(1)} baseline: ${baseline.toFixed(2)} ratio: ${(pipeline / baseline).toFixed(1)}`,
);
