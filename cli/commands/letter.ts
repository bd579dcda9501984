import { randomBytes } from 'node:crypto';
import { rm, stat, writeFile, rename } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { findLetterPdf, listLetters } from '../../db/letters';
import { findCase } from '../../db/cases';
import { invalidInput, PrivacyloketError } from '../../lib/errors';
import { LETTER_KINDS, type LetterKind } from '../../policies/schema';
import { previewResponse } from '../../services/cases';
import { parse, required } from '../args';
import type { Command } from '../main';
import { output } from '../output';
import { withDb } from '../services';

/** `response` is every process's answer to its request; for access cases, the access response. */
const ALIASES: Record<string, LetterKind> = { response: 'access-response' };

/** A letter kind as the officer types it (`response` included), or one sentence naming `<kind>`. */
export function letterKind(typed: string): LetterKind {
  const kind = ALIASES[typed] ?? typed;
  if (!(LETTER_KINDS as readonly string[]).includes(kind)) {
    throw invalidInput('<kind>', `must be a letter kind such as acknowledgement or response, got '${typed}'`);
  }
  return kind as LetterKind;
}

export const letter: Command = {
  usage: 'letter <reference> <kind> --out <file.pdf> [--preview]',
  summary:
    'Write the latest letter of that kind (acknowledgement, extension, response, …) to a file; --preview renders the response to a decision awaiting approval, marked as a draft, without sending it.',
  async run(args) {
    const { positionals, values, json } = parse(
      args,
      { out: { type: 'string' }, preview: { type: 'boolean' } },
      ['reference', 'kind'],
    );
    const [reference, typed] = positionals as [string, string];
    const kind = letterKind(typed);
    const out = await outputFile(required('--out', values.out));
    const written = await withDb(async (db, config) => {
      const row = await findCase(db, reference);
      if (values.preview) {
        if (kind !== 'access-response') throw invalidInput('--preview', 'is for the response to a decision');
        const pdf = await previewResponse(db, config, reference);
        await writePrivately(out, pdf);
        return { reference, kind, file: out, preview: true, encrypted: false };
      }
      const latest = (await listLetters(db, row.id)).filter((l) => l.kind === kind).at(-1);
      if (!latest) {
        throw new PrivacyloketError('not-found', `Case ${reference} has no ${kind} letter.`, '<kind>');
      }
      await writePrivately(out, await findLetterPdf(db, latest.id));
      return { reference, kind, file: out, sha256: latest.sha256, encrypted: latest.password !== null };
    });
    output(
      json,
      written,
      () =>
        `Wrote ${written.preview ? 'a draft of the ' : ''}${kind} of ${reference} to ${out}${written.encrypted ? ' (encrypted: privacyloket case shows the password)' : ''}.`,
    );
    return 0;
  },
};

/** Where `--out` may write: a file name in a folder that exists; an existing file is replaced, nothing else is. */
async function outputFile(path: string): Promise<string> {
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
async function writePrivately(file: string, content: Buffer): Promise<void> {
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
