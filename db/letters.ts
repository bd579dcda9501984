/**
 * Letters and documents of a case. A letter is stored once under its idempotency key: rendering it again after
 * a crash or a retry finds the stored one, so the PDF that was hashed into the audit trail is the PDF that goes out.
 */
import { createHash } from 'node:crypto';
import type { Knex } from 'knex';
import { PrivacyloketError } from '../lib/errors';
import { appendAuditEvent } from './audit';
import { timestamp } from './index';

export interface LetterRow {
  id: number;
  case_id: number;
  kind: string;
  locale: 'nl' | 'en';
  title: string | null;
  pdf: Buffer;
  sha256: string;
  delivery: string | null;
  password: string | null;
  idempotency_key: string;
  created_at: string;
  status: string;
  status_at: string | null;
  /** The party the letter is addressed to; null: the subject (or their representative). */
  party_id: number | null;
}

export type LetterSummary = Omit<LetterRow, 'pdf'>;

export interface NewLetter {
  caseId: number;
  kind: string;
  locale: 'nl' | 'en';
  title: string;
  pdf: Buffer;
  delivery: string;
  password?: string | null;
  partyId?: number;
  key: string;
  actor: string;
}

export const sha256 = (bytes: Buffer | string) => createHash('sha256').update(bytes).digest('hex');

/** Stores a rendered letter and records its hash, in one transaction; a second call with the same key returns the first. */
export async function insertLetter(db: Knex, letter: NewLetter): Promise<LetterSummary> {
  const existing = await findLetterByKey(db, letter.key);
  if (existing) return existing;
  return db.transaction(async (trx) => {
    const hash = sha256(letter.pdf);
    const [row] = await trx<LetterRow>('letters')
      .insert({
        case_id: letter.caseId,
        kind: letter.kind,
        locale: letter.locale,
        title: letter.title,
        pdf: letter.pdf,
        sha256: hash,
        delivery: letter.delivery,
        password: letter.password ?? null,
        party_id: letter.partyId ?? null,
        idempotency_key: letter.key,
        created_at: timestamp(new Date()),
      })
      .returning('id');
    await appendAuditEvent(trx, {
      type: 'letter.rendered',
      actor: letter.actor,
      caseId: letter.caseId,
      data: { letterId: row!.id, kind: letter.kind, sha256: hash, delivery: letter.delivery },
    });
    return (await findLetterByKey(trx, letter.key))!;
  });
}

const SUMMARY = [
  'id',
  'case_id',
  'kind',
  'locale',
  'title',
  'sha256',
  'delivery',
  'password',
  'idempotency_key',
  'created_at',
  'status',
  'party_id',
  'status_at',
];

export async function findLetterByKey(db: Knex, key: string): Promise<LetterSummary | undefined> {
  return db<LetterRow>('letters').where({ idempotency_key: key }).first(SUMMARY);
}

/** A letter without its PDF bytes: what delivery needs to decide, before it reads the PDF once. */
export async function findLetter(db: Knex, id: number): Promise<LetterSummary | undefined> {
  return db<LetterRow>('letters').where({ id }).first(SUMMARY);
}

export async function findLetterPdf(db: Knex, id: number): Promise<Buffer> {
  const row = await db<LetterRow>('letters').where({ id }).first('pdf');
  if (!row) throw new Error(`Letter ${id} does not exist`);
  // A destroyed case file keeps its letters' kinds and SHA-256, not their bytes.
  if (row.pdf.length === 0)
    throw new PrivacyloketError('not-found', `Letter ${id} was destroyed with its case file.`);
  return Buffer.from(row.pdf);
}

export async function setLetterStatus(db: Knex, id: number, status: string): Promise<void> {
  await db<LetterRow>('letters')
    .where({ id })
    .update({ status, status_at: timestamp(new Date()) });
}

export async function listLetters(db: Knex, caseId: number): Promise<LetterSummary[]> {
  return db<LetterRow>('letters').where({ case_id: caseId }).orderBy('id').select(SUMMARY);
}

export interface DocumentRow {
  id: number;
  case_id: number;
  kind: string;
  filename: string;
  content_type: string;
  content: Buffer;
  sha256: string;
  created_at: string;
}

/**
 * Stores a document the officer adds to a case. It becomes evidence with the update that uses it (the decision's
 * audit event records its id and SHA-256); an update the workflow refuses takes it away again (`deleteDocument`).
 */
export async function insertDocument(
  db: Knex,
  document: { caseId: number; kind: string; filename: string; contentType: string; content: Buffer },
): Promise<{ id: number; sha256: string }> {
  const hash = sha256(document.content);
  const [row] = await db<DocumentRow>('documents')
    .insert({
      case_id: document.caseId,
      kind: document.kind,
      filename: document.filename,
      content_type: document.contentType,
      content: document.content,
      sha256: hash,
      created_at: timestamp(new Date()),
    })
    .returning('id');
  return { id: row!.id, sha256: hash };
}

export async function deleteDocument(db: Knex, id: number): Promise<void> {
  await db<DocumentRow>('documents').where({ id }).delete();
}

export async function findDocument(db: Knex, id: number): Promise<DocumentRow | undefined> {
  return db<DocumentRow>('documents').where({ id }).first();
}
