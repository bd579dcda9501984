/**
 * The letters to the people a breach affects (AVG art. 34): the case kit's mailing (`case/mailing.ts`) under the
 * workflow type and id its breaches have always used, so that mailings under way go on.
 */
import { caseMailing, mailingId, type MailingInput } from './case/mailing';

export type BreachMailingInput = Omit<MailingInput, 'letter'>;

export const breachMailingId = mailingId;

export async function breachMailing(input: BreachMailingInput) {
  return caseMailing({ ...input, letter: 'breach-subject-notice' });
}
