/**
 * The officer's next step in a case, for the status, the CLI and the staff mails: a letter waiting for the
 * officer first, then the process's own words for its own stages, then the stages every process shares.
 */
import type { CaseOptions, CaseState } from './types';
import { waitsForOfficer, type CaseLetter, type NextStep } from './messages';

interface Where {
  reference: string;
  process: string;
  stage: string;
  identity: CaseState['identity'];
  letters: readonly CaseLetter[];
}

export function nextStep(
  { reference, process, stage, identity, letters }: Where,
  options: Pick<CaseOptions, 'next'>,
  identityWaitEnd: Date | undefined,
): NextStep {
  const waiting = letters.find(waitsForOfficer);
  if (waiting?.status === 'queued-for-post')
    return { step: 'post-letter', command: `privacyloket posted ${reference} ${waiting.kind}` };
  if (waiting) return { step: 'resend-letter', command: `privacyloket resend ${reference} ${waiting.kind}` };
  const own = options.next?.(stage);
  if (own) return own;
  const command = (verb: string, flags = '') => `privacyloket ${process} ${verb} ${reference}${flags}`;
  switch (stage) {
    case 'verifying-identity':
      return identity && !identity.verified
        ? {
            step: 'await-identity-information',
            command: command('verify-identity', ' --method <how>'),
            date: identityWaitEnd?.toISOString(),
          }
        : { step: 'verify-identity', command: command('verify-identity', ' --method <how>') };
    case 'deciding':
      return { step: 'decide', command: command('decide', ' --input decision.json') };
    case 'awaiting-approval':
      return { step: 'approve', command: command('approve') };
    case 'carrying-out':
      return { step: 'confirm-tasks', command: command('confirm-task', ' --task <n> --how <how>') };
    default:
      return { step: stage };
  }
}
