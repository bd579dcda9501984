import { randomBytes } from 'node:crypto';
import { rm, stat, writeFile, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { findCase } from '../../db/cases';
import { findLetterPdf, listLetters } from '../../db/letters';
import { invalidInput, PrivacyloketError } from '../../lib/errors';
import { LETTER_KINDS, type LetterKind } from '../../policies/schema';
import { defineCommand, reference } from '../command';
import { output } from '../output';
import { withDb } from '../services';

/** `response` is every process's answer to its request; for access cases, the access response. */
const ALIASES: Record<string, LetterKind> = { response: 'access-response' };

/** A letter kind as the officer types it (`response` included), once `<kind>` has been checked. */
export function letterKind(typed: string): LetterKind {
  return ALIASES[typed] ?? (typed as LetterKind);
}

/** The `<kind>` argument of the commands about one letter. */
export const kind = {
  name: 'kind',
  description: 'The kind of letter; response is the answer to the request.',
  example: 'acknowledgement',
  values: [...LETTER_KINDS, ...Object.keys(ALIASES)],
} as const;

/** `--format csv|pdf`: how a register or log is exported. */
export const formatFlag = {
  type: 'string',
  value: 'format',
  required: true,
  values: ['csv', 'pdf'],
  description: 'csv for a spreadsheet, pdf to read or hand over.',
  example: 'pdf',
} as const;

/** `--out <file>`: where a command writes its PDF (or CSV), mode 0600. */
export const outFlag = (example: string, value = 'file.pdf') =>
  ({
    type: 'string',
    value,
    required: true,
    description: 'The file to write, in a folder that exists; a file already there is replaced.',
    example,
  }) as const;

export const letter = defineCommand({
  name: 'letter',
  summary:
    'Write the latest letter of a kind to a PDF file (mode 0600), to print or read; --preview writes a draft of the response to a decision awaiting approval, without sending it.',
  positionals: [reference, kind],
  flags: {
    out: outFlag('brief.pdf'),
    preview: {
      type: 'boolean',
      description: 'The response the decision on record would produce, marked as a draft (four eyes).',
    },
  },
  json: 'Print {"reference", "kind", "file", "sha256", "encrypted"} ({"preview": true} for a draft).',
  examples: [
    'privacyloket letter INZ-2026-0001 acknowledgement --out ontvangstbevestiging.pdf',
    'privacyloket letter INZ-2026-0001 response --preview --out concept.pdf',
  ],
  async run({ args, values, json }) {
    const kind = letterKind(args.kind);
    const out = await outputFile(values.out);
    const written = await withDb(async (db, config) => {
      const row = await findCase(db, args.reference);
      if (values.preview) {
        if (kind !== 'access-response') throw invalidInput('--preview', 'is for the response to a decision');
        // Chromium and the letter pipeline only for this.
        const { previewResponse } = await import('../../services/cases');
        await writePrivately(out, await previewResponse(db, config, row.reference));
        return { reference: row.reference, kind, file: out, preview: true, encrypted: false };
      }
      const latest = (await listLetters(db, row.id)).filter((l) => l.kind === kind).at(-1);
      if (!latest) {
        throw new PrivacyloketError('not-found', `Case ${row.reference} has no ${kind} letter.`, '<kind>');
      }
      const pdf = await findLetterPdf(db, latest.id);
      // A breach's letter to one of thousands keeps only its SHA-256 once mailed (activities/breach-mailing.ts).
      if (pdf.length === 0)
        throw new PrivacyloketError(
          'not-found',
          `The ${kind} letters of ${row.reference} went out by mail and only their SHA-256 is kept; the letters for the post are in privacyloket breach post-letters.`,
          '<kind>',
        );
      await writePrivately(out, pdf);
      return {
        reference: row.reference,
        kind,
        file: out,
        sha256: latest.sha256,
        encrypted: latest.password !== null,
      };
    });
    output(
      json,
      written,
      () =>
        `Wrote ${written.preview ? 'a draft of the ' : ''}${kind} of ${written.reference} to ${out}${written.encrypted ? ' (encrypted: privacyloket case shows the password)' : ''}.`,
    );
    return 0;
  },
});

/** Where `--out` may write: a file name in a folder that exists; an existing file is replaced, nothing else is. */
export async function outputFile(path: string): Promise<string> {
  const file = resolve(path);
  const existing = await stat(file).catch(() => undefined);
  if (existing?.isDirectory()) {
    throw invalidInput(
      '--out',
      `is the folder ${path}: give a file name, such as ${join(path, 'brief.pdf')}`,
    );
  }
  if (existing && !existing.isFile()) throw invalidInput('--out', `is ${path}, which is not a regular file`);
  const folder = await stat(dirname(file)).catch(() => undefined);
  if (!folder?.isDirectory())
    throw invalidInput('--out', `names a folder that does not exist: ${dirname(path)}`);
  return file;
}

/**
 * Written under a hidden temporary name beside the target (mode 0600) and renamed, so that nobody sees half a
 * letter; on any failure the temporary file is removed.
 */
export async function writePrivately(file: string, content: Buffer): Promise<void> {
  const temporary = join(dirname(file), `.${basename(file)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    await writeFile(temporary, content, { mode: 0o600, flag: 'wx' });
    await rename(temporary, file);
  } catch (error) {
    throw invalidInput(
      '--out',
      `cannot be written: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`,
    );
  } finally {
    await rm(temporary, { force: true });
  }
}
