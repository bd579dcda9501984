/**
 * The people of a case that writes to many (case kit): a breach's affected people (AVG art. 34), those whose files a
 * transfer moves to another controller (Buurderij art. 25 lid 2). Imported from the officer's CSV file, all or
 * nothing, every problem named by line and column; the progress of their letters counted on the letters' index.
 * Their names and addresses stay in `case_people`; the audit trail and the case's record get the numbers only.
 */
import { z } from 'zod';
import type { Db } from '../db';
import { appendAuditEvent } from '../db/audit';
import { findCase, insertCase, type CaseRow } from '../db/cases';
import { timestamp } from '../db/index';
import type { DocumentRow, LetterRow } from '../db/letters';
import { insertCaseRecord } from '../db/records';
import { invalidInput, PrivacyloketError } from '../lib/errors';
import type { Process } from '../lib/processes';
import type { LetterKind } from '../policies/schema';
import type { CaseServices } from './cases';
import { startCaseWorkflow, type CaseRequest, type Registered } from './start';

/** The processes whose case sends one letter to each of many people, and that letter. */
export const MAILING_LETTERS: Partial<Record<Process, LetterKind>> = {
  breach: 'breach-subject-notice',
  transfer: 'transfer-notice',
};

/** The letter a case's mailing sends; refused for a process that sends none. */
export function mailingLetter(process: Process): LetterKind {
  const letter = MAILING_LETTERS[process];
  if (!letter)
    throw invalidInput(
      '<reference>',
      `is a case of process ${process}, which writes to no list of people (${Object.keys(MAILING_LETTERS).join(', ')} do)`,
    );
  return letter;
}

/** The case document the letters for the post are printed in: `breach-post-letters`. */
export const postLettersDocument = (process: Process) => `${process}-post-letters`;

export interface CasePersonRow {
  id: number;
  case_id: number;
  line: number;
  name: string;
  email: string | null;
  postal_address: string | null;
  locale: 'nl' | 'en';
  created_at: string;
  /** A transfer's objection (Buurderij art. 25 lid 2): when it came in, how, and who recorded it when. */
  objection_received_at: string | null;
  objection_how: string | null;
  objection_note: string | null;
  objection_recorded_by: string | null;
  objection_recorded_at: string | null;
}

/** A person as the CSV file names them. */
export type NewPerson = Pick<CasePersonRow, 'line' | 'name' | 'email' | 'postal_address' | 'locale'>;

export interface ImportedPeople {
  count: number;
  byMail: number;
  byPost: number;
}

/** A CSV record and the line it starts on (a quoted field may span lines). */
export interface CsvRecord {
  line: number;
  fields: string[];
}

/**
 * RFC 4180: fields separated by `separator`, records by CRLF or LF, a field in double quotes may hold separators,
 * line breaks and doubled quotes. Problems name their line; a byte-order mark (Excel's) is ignored.
 */
export function parseCsv(text: string, separator = ','): { records: CsvRecord[]; problems: string[] } {
  const records: CsvRecord[] = [];
  const problems: string[] = [];
  let fields: string[] = [];
  let field = '';
  let line = 1;
  let start = 1;
  let quoted = false; // inside a quoted field
  let wasQuoted = false; // the current field was quoted and its closing quote seen
  const source = text.replace(/^\uFEFF/, '');
  const endField = () => {
    fields.push(field);
    field = '';
    wasQuoted = false;
  };
  const endRecord = () => {
    endField();
    records.push({ line: start, fields });
    fields = [];
  };
  for (let i = 0; i < source.length; i++) {
    const char = source[i]!;
    if (quoted) {
      if (char === '"' && source[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') {
        quoted = false;
        wasQuoted = true;
      } else {
        if (char === '\n') line++;
        field += char;
      }
    } else if (char === '"' && field === '' && !wasQuoted) {
      quoted = true;
    } else if (char === separator) {
      endField();
    } else if (char === '\n' || (char === '\r' && source[i + 1] === '\n')) {
      if (char === '\r') i++;
      endRecord();
      line++;
      start = line;
    } else if (wasQuoted || char === '"') {
      problems.push(
        `line ${line}: a quote must open a field and close it, and a quote inside it is doubled ("")`,
      );
      // Skip to the end of this record: the rest of it cannot be read reliably.
      while (i + 1 < source.length && source[i + 1] !== '\n') i++;
      fields = [];
      field = '';
      wasQuoted = false;
    } else {
      field += char;
    }
  }
  if (quoted) problems.push(`line ${start}: a quoted field is not closed`);
  else if (field !== '' || fields.length > 0 || wasQuoted) endRecord();
  return { records, problems };
}

const COLUMNS = ['name', 'email', 'address', 'locale'] as const;
type Column = (typeof COLUMNS)[number];
const email = z.email();

/**
 * The people in CSV text with a header (name, email, address, locale; email and/or address on every row; locale nl
 * or en, `locale` when empty), checked before anything is written: every problem named by line and column, and on
 * any problem nobody. An address's lines are separated by line breaks inside the quoted field or by commas
 * ("Dorpsstraat 1, 1234 AB Ergens"). A header written with semicolons (Dutch spreadsheet programs do) is read with
 * semicolons.
 */
export function checkPeopleCsv(csvText: string, defaultLocale: 'nl' | 'en'): NewPerson[] {
  const firstLine = csvText.replace(/^\uFEFF/, '').split(/\r?\n/, 1)[0] ?? '';
  const separator = firstLine.includes(';') && !firstLine.includes(',') ? ';' : ',';
  const { records, problems } = parseCsv(csvText, separator);
  const [header, ...rows] = records;
  const columns = (header?.fields ?? []).map((name) => name.trim().toLowerCase());
  const unknown = columns.filter((name) => !(COLUMNS as readonly string[]).includes(name));
  const twice = columns.filter((name, index) => columns.indexOf(name) !== index);
  if (!header) problems.push('line 1: the header is missing (name, email, address, locale)');
  else if (unknown.length > 0 || twice.length > 0 || !columns.includes('name'))
    problems.push(
      `line ${header.line}: the header must name the columns name, email, address and locale (email or address may be left out, not both)${unknown.length ? `; unknown: ${unknown.join(', ')}` : ''}${twice.length ? `; twice: ${twice.join(', ')}` : ''}`,
    );
  else if (!columns.includes('email') && !columns.includes('address'))
    problems.push(`line ${header.line}: the header needs an email or an address column, or both`);

  const people: NewPerson[] = [];
  const seen = new Map<string, number>();
  if (problems.length === 0) {
    for (const record of rows) {
      if (record.fields.every((field) => field.trim() === '')) continue; // a blank line, or ";;;" from a spreadsheet
      if (record.fields.length !== columns.length) {
        problems.push(
          `line ${record.line}: has ${record.fields.length} fields, the header ${columns.length}`,
        );
        continue;
      }
      const value = (column: Column) => record.fields[columns.indexOf(column)]?.trim() ?? '';
      const bad = (column: string, message: string) =>
        problems.push(`line ${record.line}, ${column}: ${message}`);
      const name = value('name');
      const address = value('address')
        .split(/\r?\n|,/)
        .map((part) => part.trim())
        .filter(Boolean);
      const mail = value('email');
      const locale = value('locale').toLowerCase() || defaultLocale;
      if (!name) bad('name', 'is required');
      else if (name.length > 200 || /[\r\n]/.test(name))
        bad('name', 'must be one line of at most 200 characters');
      if (mail && (mail.length > 254 || !email.safeParse(mail).success))
        bad('email', 'must be one e-mail address such as naam@example.nl');
      if (address.length === 1)
        bad('address', 'needs at least two lines: street and number, postcode and town');
      else if (address.join('\n').length > 500) bad('address', 'must be at most 500 characters');
      if (!mail && address.length === 0)
        bad('email', 'or address is required: the letter has to reach the person');
      if (locale !== 'nl' && locale !== 'en') bad('locale', 'must be nl or en (empty: the case’s language)');
      const person = {
        line: record.line,
        name,
        email: mail || null,
        postal_address: address.join('\n') || null,
      };
      const identity = JSON.stringify([person.name, person.email, person.postal_address]);
      if (seen.has(identity)) bad('name', `repeats line ${seen.get(identity)}: one letter per person`);
      seen.set(identity, record.line);
      people.push({ ...person, locale: locale as 'nl' | 'en' });
    }
    if (problems.length === 0 && people.length === 0)
      problems.push('the file names nobody: it has only its header');
  }
  if (problems.length > 0) {
    throw new PrivacyloketError(
      'invalid-input',
      `The CSV file was not imported (nothing was): ${problems.join('; ')}.`,
      '--csv',
    );
  }

  return people;
}

/**
 * Imports the people of a case that writes to many, once: a second import is refused, so nobody can be added to a
 * mailing that may have begun.
 */
export async function importPeople(
  db: Db,
  reference: string,
  csvText: string,
  { by = 'system' }: { by?: string } = {},
): Promise<ImportedPeople> {
  const row = await findCase(db, reference);
  mailingLetter(row.process);
  return insertPeople(db, row, checkPeopleCsv(csvText, row.locale), by);
}

/** The checked people of the case, with the import's record and audit event (numbers only), in one transaction. */
async function insertPeople(db: Db, row: CaseRow, people: NewPerson[], by: string): Promise<ImportedPeople> {
  const imported: ImportedPeople = {
    count: people.length,
    byMail: people.filter((person) => person.email).length,
    byPost: people.filter((person) => !person.email).length,
  };
  await db.transaction(async (trx) => {
    const earlier = await trx<CasePersonRow>('case_people').where({ case_id: row.id }).count({ n: '*' });
    if (Number(earlier[0]?.n ?? 0) > 0) {
      throw new PrivacyloketError(
        'invalid-input',
        `Case ${row.reference} already has its people (${Number(earlier[0]!.n)}); they are imported once, so that nobody gets a letter twice.`,
        '--csv',
      );
    }
    const now = timestamp(new Date());
    await trx.batchInsert(
      'case_people',
      people.map((person) => ({ ...person, case_id: row.id, created_at: now })),
      100,
    );
    const type = `${row.process}.people-imported`; // breach.people-imported: the breach log reads it
    const record = await insertCaseRecord(trx, {
      caseId: row.id,
      type,
      data: { ...imported, by },
      actor: by,
    });
    await appendAuditEvent(trx, {
      type,
      actor: by,
      caseId: row.id,
      data: { ...imported, ...record },
    });
  });
  return imported;
}

/**
 * A case whose people come with its start (a transfer): the file is checked before anything is written, the case
 * and its people are committed together, and only then does its workflow start, so that it never runs without
 * them. A start Temporal did not take now is made up by the worker's reconciliation, as for every case.
 */
export async function registerCaseWithPeople(
  services: CaseServices,
  request: CaseRequest,
  csvText: string,
): Promise<Registered & { people: ImportedPeople }> {
  const { late: _late, ...newCase } = request;
  const checked = checkPeopleCsv(csvText, request.locale);
  const { reference, people } = await services.db.transaction(async (trx) => {
    const { reference } = await insertCase(trx, {
      ...newCase,
      actor: services.actor,
      ...(services.user ? { assignee: services.user } : {}),
    });
    const row = await findCase(trx, reference);
    return { reference, people: await insertPeople(trx, row, checked, services.actor) };
  });
  try {
    await startCaseWorkflow(services, await findCase(services.db, reference));
    return { reference, started: true, duplicates: [], people };
  } catch (error) {
    if (error instanceof PrivacyloketError) throw error;
    return { reference, started: false, duplicates: [], people };
  }
}

/** The people imported for the case, counted as the import counted them; undefined before any import. */
export async function importedPeople(db: Db, caseId: number): Promise<ImportedPeople | undefined> {
  const [counted] = await db('case_people')
    .where({ case_id: caseId })
    .select<{ count: number; byMail: number }[]>(
      db.raw('count(*) as count'),
      db.raw('count(email) as byMail'),
    );
  const count = Number(counted?.count ?? 0);
  const byMail = Number(counted?.byMail ?? 0);
  return count === 0 ? undefined : { count, byMail, byPost: count - byMail };
}

/** Where the letters to a case's people stand: `letters: 6,214 of 10,000 sent, 3 undeliverable, 12 for the post`. */
export interface MailingProgress {
  people: number;
  sent: number;
  undeliverable: number;
  /** In the print file for the post (or posted). */
  post: number;
  /** Not yet sent, refused or in the print file. */
  pending: number;
  /** Whose letter the mail server refused, as the lines of the imported CSV file: the officer looks them up there. */
  undeliverableLines: number[];
}

/** The person a mailing's letter went to: its key ends in their id (`<ref>/<kind>/<id>`). */
export const personOfLetter = (key: string) => Number(key.split('/').at(-1));

/** The case's mailing in numbers, counted on the letters' index (no PDF is read); undefined without people. */
export async function mailingProgress(db: Db, caseId: number): Promise<MailingProgress | undefined> {
  const [people] = await db<CasePersonRow>('case_people').where({ case_id: caseId }).count({ n: '*' });
  const count = Number(people?.n ?? 0);
  if (count === 0) return undefined;
  const { process } = (await db<CaseRow>('cases').where({ id: caseId }).first('process'))!;
  const letters = () => db<LetterRow>('letters').where({ case_id: caseId, kind: mailingLetter(process) });
  const statuses = await letters()
    .groupBy('status')
    .select('status')
    .count<{ status: string; n: number }[]>({ n: '*' });
  const of = (...names: string[]) =>
    statuses.filter((s) => names.includes(s.status)).reduce((sum, s) => sum + Number(s.n), 0);
  const progress = {
    sent: of('sent'),
    undeliverable: of('undeliverable'),
    post: of('queued-for-post', 'posted'),
  };
  const refused = await letters().where({ status: 'undeliverable' }).pluck('idempotency_key');
  const undeliverableLines = await db<CasePersonRow>('case_people')
    .where({ case_id: caseId })
    .whereIn('id', refused.map(personOfLetter))
    .orderBy('line')
    .pluck('line');
  return {
    people: count,
    ...progress,
    pending: count - progress.sent - progress.undeliverable - progress.post,
    undeliverableLines,
  };
}

/** The latest print file of the letters for the post, for the officer to write out and print. */
export async function findPostLetters(db: Db, reference: string): Promise<DocumentRow | undefined> {
  const row = await findCase(db, reference);
  return db<DocumentRow>('documents')
    .where({ case_id: row.id, kind: postLettersDocument(row.process) })
    .orderBy('id', 'desc')
    .first();
}
