/**
 * The letter to the people a data breach affects (AVG art. 34), as the officer previews it before approving its
 * text. The people themselves, their import and their letters' progress are the case kit's (`case-people.ts`).
 */
import type { Db } from '../db';
import { findCase } from '../db/cases';
import type { SubjectLetter } from '../lib/breach/types';
import { invalidInput } from '../lib/errors';
import type { CasePersonRow } from './case-people';
import type { Config } from './config';

export const BREACH_LETTER = 'breach-subject-notice';

/**
 * The letter to the people as it would go out with `letter` as its text, marked as a draft: to the first person
 * imported (in their language), or to an example person before the import. Stored nowhere, sent to no one.
 */
export async function previewBreachLetter(
  db: Db,
  config: Config,
  reference: string,
  letter: SubjectLetter,
): Promise<Buffer> {
  const row = await findCase(db, reference);
  if (row.process !== 'breach') throw invalidInput('<reference>', `is ${reference}, which is not a breach`);
  const first = await db<CasePersonRow>('case_people').where({ case_id: row.id }).orderBy('id').first();
  const person = first ?? {
    name: 'Voorbeeld Betrokkene',
    email: 'betrokkene@example.nl',
    postal_address: null,
    locale: row.locale,
  };
  // Chromium and the templates only for this command.
  const [{ openActivityDeps }, { letterActivities }, { loadPolicy }] = await Promise.all([
    import('../activities'),
    import('../activities/letters'),
    import('../policies/load'),
  ]);
  const deps = openActivityDeps(config, db);
  try {
    const { caseLetterContext, printLetter } = letterActivities(deps).pieces;
    const policy = await loadPolicy(row.policy_id, config.policiesDir);
    const printed = await printLetter(row, policy, BREACH_LETTER, {
      ...(await caseLetterContext(row, policy, person.locale, true)),
      addressee: { name: person.name, postalAddress: person.postal_address, email: person.email },
      breach: letter,
    });
    return printed.pdf;
  } finally {
    await deps.close();
  }
}
