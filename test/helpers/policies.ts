/** Policies of a test's own: a shipped policy copied into a policies directory of its own and changed. */
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Policy } from '../../policies/schema';
import { tempDir } from './env';

const shipped = join(import.meta.dirname, '..', '..', 'policies');

/** A policies directory holding `base` as `id`, changed by `change`; its path. */
export function policyOf(base: string, id: string, change: (policy: Policy) => Policy): string {
  const dir = tempDir();
  cpSync(join(shipped, base), join(dir, id), { recursive: true });
  const file = join(dir, id, 'policy.json');
  const policy = JSON.parse(readFileSync(file, 'utf8')) as Policy;
  writeFileSync(file, JSON.stringify(change({ ...policy, id })));
  return dir;
}

/**
 * De Buurderij with automated decision-making in its client file: a triage score that places a client on the
 * waiting list (the shipped policies have none: their regulations say nothing about it).
 */
export const WITH_AUTOMATED_DECISIONS = (policy: Policy): Policy => ({
  ...policy,
  processingActivities: policy.processingActivities.map((activity) =>
    activity.id === 'client-care'
      ? {
          ...activity,
          automatedDecisions: {
            logic: {
              nl: 'een puntentelling op de antwoorden van de aanmeldvragenlijst (urgentie en zorgzwaarte)',
              en: 'a score computed from the answers to the intake questionnaire (urgency and care needs)',
            },
            significance: {
              nl: 'de score bepaalt uw plaats op de wachtlijst',
              en: 'the score sets your place on the waiting list',
            },
            consequences: {
              nl: 'bij een lagere score wacht u langer op zorg',
              en: 'with a lower score you wait longer for care',
            },
          },
        }
      : activity,
  ),
});
