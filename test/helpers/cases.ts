/** Cases registered straight into a test database, as `privacyloket access start` registers them. */
import type { Db } from '../../db';
import { insertCase, type SubjectInput } from '../../db/cases';
import { computeDeadline } from '../../lib/deadlines';
import { loadPolicy } from '../../policies/load';

export async function registerAccessCase(
  db: Db,
  {
    policyId = 'gdpr-default',
    policiesDir,
    receivedAt,
    locale = 'nl',
    subject = {
      name: 'Jan de Vries',
      email: 'jan@example.nl',
      postalAddress: 'Dorpsstraat 1\n1234 AB Ergens',
    },
  }: {
    policyId?: string;
    policiesDir?: string;
    receivedAt: Date;
    locale?: 'nl' | 'en';
    subject?: SubjectInput;
  },
) {
  const policy = await loadPolicy(policyId, policiesDir);
  const deadline = computeDeadline(receivedAt, policy.processes.access.period, policy.holidays);
  const registered = await insertCase(db, {
    process: 'access',
    policyId,
    locale,
    receivedAt,
    // Registered as it came in: fixtures' references keep the year of the moment the test gives.
    registeredAt: receivedAt,
    dueAt: deadline.dueAt,
    subject,
    actor: 'test',
  });
  return { ...registered, deadline };
}
