/** The affected people of a breach, imported from CSV: every bad row named, nothing imported on any problem, once. */
import { describe, expect, it } from 'vitest';
import type { Db } from '../../db';
import { insertCase } from '../../db/cases';
import { parseCsv, importPeople, type CasePersonRow } from '../../services/case-people';
import { testDb } from '../helpers/db';

async function breachCase(db: Db, process: 'breach' | 'access' = 'breach') {
  const now = new Date();
  return insertCase(db, {
    process,
    policyId: 'gdpr-default',
    locale: 'nl',
    receivedAt: now,
    registeredAt: now,
    dueAt: now,
    actor: 'fg',
  });
}
const people = (db: Db) => db<CasePersonRow>('case_people').orderBy('id');

describe('parseCsv', () => {
  it('reads RFC 4180: quoted separators, doubled quotes, line breaks in a field, CRLF, and names a bad quote', () => {
    const { records, problems } = parseCsv('a,b\r\n"x, y","He said ""hi"""\n"two\nlines",z\n');
    expect(problems).toEqual([]);
    expect(records).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: ['x, y', 'He said "hi"'] },
      { line: 3, fields: ['two\nlines', 'z'] },
    ]);
    expect(parseCsv('a,b\nx"y,z\n').problems).toEqual([
      'line 2: a quote must open a field and close it, and a quote inside it is doubled ("")',
    ]);
    expect(parseCsv('a\n"open\n').problems).toEqual(['line 2: a quoted field is not closed']);
  });
});

describe('importPeople', () => {
  it('imports every row with its line, addresses split into lines, the case’s locale by default', async () => {
    const db = await testDb();
    const { reference } = await breachCase(db);
    const csv =
      '\uFEFFname;email;address;locale\nAnna de Boer;anna@example.nl;;\nBram;;"Kerkweg 2\n9999 ZZ Dorp";EN\n';
    expect(await importPeople(db, reference, csv, { by: 'fg' })).toEqual({ count: 2, byMail: 1, byPost: 1 });
    expect(
      (await people(db)).map(({ line, name, email, postal_address, locale }) => [
        line,
        name,
        email,
        postal_address,
        locale,
      ]),
    ).toEqual([
      [2, 'Anna de Boer', 'anna@example.nl', null, 'nl'],
      [3, 'Bram', null, 'Kerkweg 2\n9999 ZZ Dorp', 'en'],
    ]);
    // Once: a second import would put people in a mailing that may have begun.
    await expect(importPeople(db, reference, csv)).rejects.toThrow(/already has its people \(2\)/);
  });

  it('names every bad row by line and column and imports nothing', async () => {
    const db = await testDb();
    const { reference } = await breachCase(db);
    const csv = [
      'name,email,address,locale',
      'Anna,anna@example.nl,,',
      ',geen-adres,,de',
      'Cor,,Alleen een straat,',
      'Dirk,,,',
      'Anna,anna@example.nl,,',
      'Eva,eva@example.nl',
    ].join('\n');
    await expect(importPeople(db, reference, csv)).rejects.toThrow(
      'The CSV file was not imported (nothing was): line 3, name: is required; line 3, email: must be one e-mail address such as naam@example.nl; line 3, locale: must be nl or en (empty: the case’s language); line 4, address: needs at least two lines: street and number, postcode and town; line 5, email: or address is required: the letter has to reach the person; line 6, name: repeats line 2: one letter per person; line 7: has 2 fields, the header 4.',
    );
    expect(await people(db)).toEqual([]);
    await expect(importPeople(db, reference, 'naam,email\nAnna,a@example.nl')).rejects.toThrow(
      'line 1: the header must name the columns name, email, address and locale (email or address may be left out, not both); unknown: naam',
    );
    await expect(importPeople(db, reference, 'name,email,address,locale\n')).rejects.toThrow(
      'the file names nobody',
    );
    const access = await breachCase(db, 'access');
    await expect(importPeople(db, access.reference, 'name,email\nA,a@example.nl')).rejects.toThrow(
      'is a case of process access, which writes to no list of people (breach, transfer do)',
    );
  });
});
