/**
 * The I/O of a recurring duty's run: the policy's calendar, the mails to the officer (and to management when a
 * run goes unconfirmed until the next one) and the record of the duty done. A duty is about the organisation,
 * not a person: its mails name the policy's duty and where to confirm it, nothing more.
 */
import { appendAuditEvent } from '../db/audit';
import { insertDutyDone, type DutyDone } from '../db/duties';
import { amsterdamDate } from '../lib/calendar';
import { invalidInput } from '../lib/errors';
import { localize } from '../lib/localize';
import { loadPolicy } from '../policies/load';
import type { Policy } from '../policies/schema';
import { MailError } from './mail';
import type { ActivityDeps } from './index';
import { organisationIn, sender } from './letters';

export interface DutyMail {
  policy: string;
  duty: string;
  to: 'officer' | 'management';
  template: 'duty' | 'duty-reminder' | 'duty-escalation';
  /** `<run id>/<template>/<moment>`: once per run and moment. */
  key: string;
  /** The next run, by which the duty should be done. */
  dueAt: string;
  /** The moment the mail is about (workflow time). */
  at: string;
}

export function dutyActivities({ db, templates, mailer, policiesDir }: ActivityDeps) {
  async function dutyOf(policyId: string, duty: string) {
    const policy = await loadPolicy(policyId, policiesDir);
    const recurring = policy.recurring[duty];
    if (!recurring) throw invalidInput('duty', `'${duty}' is not a recurring duty of policy ${policyId}`);
    return { policy, recurring };
  }

  /** The organisation's own holidays, which move the next run's due date like any deadline's. */
  async function dutyCalendar({ policy, duty }: { policy: string; duty: string }) {
    return { holidays: (await dutyOf(policy, duty)).policy.holidays };
  }

  async function mailDuty(mail: DutyMail): Promise<void> {
    const { policy, recurring } = await dutyOf(mail.policy, mail.duty);
    const locale = policy.organisation.locale;
    const overdueMs = new Date(mail.at).getTime() - new Date(mail.dueAt).getTime();
    const { subject, text } = templates.mail(mail.template, locale, {
      policy: policy.id,
      duty: mail.duty,
      ...recurring,
      label: localize(recurring, locale),
      dueDate: amsterdamDate(new Date(mail.dueAt)),
      daysOverdue: Math.max(0, Math.floor(overdueMs / 86_400_000)),
      ...organisationIn(policy, locale),
    });
    const event = { type: `duty.${mail.template}-sent`, actor: 'system', key: `${mail.key}/sent` };
    const data = { policy: policy.id, duty: mail.duty, to: mail.to, dueAt: mail.dueAt };
    try {
      const { messageId } = await mailer.send({
        key: mail.key,
        to: staffAddress(policy, mail.to),
        ...sender(policy),
        subject,
        text,
      });
      await appendAuditEvent(db, { ...event, data: { ...data, messageId } });
    } catch (error) {
      if (!(error instanceof MailError) || !error.permanent) throw error;
      // Refused for good (a wrong address in the policy): recorded, and the run goes on to its next reminder.
      await appendAuditEvent(db, {
        ...event,
        type: `duty.${mail.template}-undeliverable`,
        key: `${mail.key}/undeliverable`,
        data: { ...data, reason: error.message },
      });
    }
  }

  async function recordDutyDone(done: DutyDone): Promise<void> {
    await dutyOf(done.policy, done.duty);
    await insertDutyDone(db, done);
  }

  return { dutyCalendar, mailDuty, recordDutyDone };
}

const staffAddress = (policy: Policy, to: DutyMail['to']) =>
  to === 'officer' ? policy.organisation.fg.email : policy.organisation.management.email;

/** As every mail of the organisation: from it, replies to its privacy officer. */
