/**
 * Activities do all the I/O of the workflows. They are built once per worker from its dependencies; workflows
 * type their proxies with `Activities` and never import this module's values.
 */
import { rm } from 'node:fs/promises';
import { ApplicationFailure } from '@temporalio/common';
import type { Db } from '../db';
import { PrivacyloketError } from '../lib/errors';
import { createTemplates, type Templates } from '../templates';
import type { Config } from '../services/config';
import { ownSubdir } from '../services/files';
import { auditActivities } from './audit';
import { caseFileActivities } from './case-file';
import { caseActivities } from './cases';
import { dutyActivities } from './duties';
import { letterActivities } from './letters';
import { mailingActivities } from './mailing';
import { createMailer, type Mailer } from './mail';
import { transferActivities } from './transfer';
import { createPdfPrinter, type PdfPrinter } from './pdf';

export type { CaseProgress } from './cases';
export type { LetterRequest } from './letters';
export type { MailingBatch, MailingCounts } from './mailing';
export type { TransferList } from '../services/transfer';

export interface ActivityDeps {
  db: Db;
  templates: Templates;
  printer: PdfPrinter;
  mailer: Mailer;
  qpdfPath: string | undefined;
  /** Where the policies are: `policies/` in the project, or PRIVACYLOKET_POLICIES_DIR. */
  policiesDir: string;
  /** This process's folder for files being written (cleared at the next start if it dies). */
  tmpDir: string;
}

export function createActivities(deps: ActivityDeps) {
  // Rendering without storing is for previews, not an activity; the pipeline's pieces serve the mass mailing.
  const { renderLetter, pieces, ...letters } = letterActivities(deps);
  return permanentFailures({
    ...auditActivities(deps.db),
    ...caseActivities(deps.db, deps.policiesDir, letters.officerNotice),
    ...caseFileActivities(deps.db, deps.policiesDir, deps.mailer),
    ...letters,
    ...mailingActivities(deps, pieces),
    ...transferActivities(deps.db),
    ...dutyActivities(deps),
  });
}

export type Activities = ReturnType<typeof createActivities>;

/** The long-lived parts of a worker: one Chromium, one mail transport, templates compiled once. */
export function openActivityDeps(config: Config, db: Db): ActivityDeps & { close(): Promise<void> } {
  const templates = createTemplates();
  const tmpDir = ownSubdir(config.tmpDir);
  const profilesDir = ownSubdir(config.chromiumDir);
  const printer = createPdfPrinter({
    chromiumPath: config.chromiumPath,
    profilesDir,
    document: templates.document,
  });
  const mailer = createMailer(db, { ...config.mail, tmpDir });
  return {
    db,
    templates,
    printer,
    mailer,
    qpdfPath: config.qpdfPath,
    policiesDir: config.policiesDir,
    tmpDir,
    async close() {
      mailer.close();
      await printer.close();
      for (const dir of [tmpDir, profilesDir]) await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * Our own errors say whether retrying can help: bad input, an unknown case or a missing tool will not mend
 * itself, so they fail the activity for good with their code as the failure type.
 */
function permanentFailures<T extends Record<string, (...args: never[]) => Promise<unknown>>>(
  activities: T,
): T {
  const wrapped = Object.entries(activities).map(([name, activity]) => [
    name,
    async (...args: never[]) => {
      try {
        return await activity(...args);
      } catch (error) {
        if (error instanceof PrivacyloketError && error.code !== 'unavailable') {
          throw ApplicationFailure.create({ type: error.code, message: error.message, nonRetryable: true });
        }
        throw error;
      }
    },
  ]);
  return Object.fromEntries(wrapped) as T;
}
