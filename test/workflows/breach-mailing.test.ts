/**
 * The letters to the people a breach affects, on the real dev server with a real SMTP server on loopback: a worker
 * in a process of its own is killed (SIGKILL) in the middle of the mailing, a new worker finishes it, and every
 * address has exactly one letter. People without an e-mail address are in one print file for the post; a refused
 * address makes its letter undeliverable. The mailing starts afresh (continueAsNew) on the way.
 */
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestWorkflowEnvironment } from '@temporalio/testing';
import { afterAll, afterEach, beforeAll, describe, expect, inject, it } from 'vitest';
import { createDb, migrateDb, type Db } from '../../db';
import type { AuditEventRow } from '../../db/audit';
import { insertCase } from '../../db/cases';
import type { LetterRow } from '../../db/letters';
import { findLatestRecord, insertCaseRecord } from '../../db/records';
import type { BreachRecords, SubjectLetter } from '../../lib/breach/types';
import { caseText } from '../../cli/case-view';
import { findPostLetters, importPeople, mailingProgress } from '../../services/case-people';
import { caseDetails } from '../../services/case-details';
import { projectRoot, type Config } from '../../services/config';
import { breachMailing, breachMailingId } from '../../workflows/breach-mailing';
import { testConfig, testEnv } from '../helpers/env';
import { HISTORY_CODEC_KEY } from '../helpers/histories';
import { readPages, readPdf } from '../helpers/pdf';
import { Foreground, killGroup } from '../helpers/processes';
import { parseMail, startSmtpServer } from '../helpers/smtp';
import { devServerEnv, testWorker } from '../helpers/temporal';

const PEOPLE = 240;
/** Refused by the mail server: person 17 gave no postal address (undeliverable), person 23 did (by post). */
const REFUSED = 'persoon-17@example.nl';
const REFUSED_WITH_ADDRESS = 'persoon-23@example.nl';

const approved: SubjectLetter = {
  nature: 'Op 3 maart is een overzicht van deelnemers per ongeluk naar een verkeerde ontvanger gemaild.',
  consequences: 'De kans op misbruik is klein; u kunt wel nepberichten krijgen die om uw gegevens vragen.',
  measures:
    'De ontvanger heeft het overzicht verwijderd en dat bevestigd. Wij hebben het adresboek aangepast.',
  advice:
    'Geef nooit uw gegevens aan wie u onverwacht belt of mailt namens ons; bel bij twijfel ons kantoor.',
};

/** Every tenth person has no e-mail address (their letter goes by post); every seventh reads English. */
function peopleCsv(count: number): string {
  const rows = Array.from({ length: count }, (_, index) => {
    const n = index + 1;
    const email = n % 10 === 0 ? '' : `persoon-${n}@example.nl`;
    const address = n === 17 ? '' : `"Dorpsstraat ${n}\n1234 AB Ergens"`;
    return `Persoon ${n},${email},${address},${n % 7 === 0 ? 'en' : ''}`;
  });
  return ['name,email,address,locale', ...rows].join('\r\n');
}

describe('the letters to the people of a breach', () => {
  let env: TestWorkflowEnvironment;
  let config: Config;
  let db: Db;
  const workers: Foreground[] = [];

  beforeAll(async () => {
    config = testConfig({ PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY });
    db = createDb(config.database);
    await migrateDb(db);
    env = await devServerEnv(config);
  });
  afterEach(() => {
    for (const worker of workers.splice(0)) worker.kill();
  });
  afterAll(async () => {
    await env?.teardown();
    await db?.destroy();
  });

  it('reach every address exactly once, though the worker is killed mid-mailing', async () => {
    const smtp = await startSmtpServer({ refuse: [REFUSED, REFUSED_WITH_ADDRESS] });
    const receivedAt = new Date();
    const { id: caseId, reference } = await insertCase(db, {
      process: 'breach',
      policyId: 'de-buurderij',
      locale: 'nl',
      receivedAt,
      registeredAt: receivedAt,
      dueAt: new Date(receivedAt.getTime() + 72 * 3_600_000),
      request: { noticedAt: receivedAt.toISOString(), summary: 'Overzicht verkeerd gemaild', ongoing: false },
      actor: 'fg',
    });
    expect(await importPeople(db, reference, peopleCsv(PEOPLE), { by: 'fg' })).toEqual({
      count: PEOPLE,
      byMail: 216,
      byPost: 24,
    });
    const letter: BreachRecords['breach.letter-approved'] = { letter: approved, by: 'fg' };
    await insertCaseRecord(db, { caseId, type: 'breach.letter-approved', data: { ...letter }, actor: 'fg' });

    // The first worker, in a process of its own.
    const taskQueue = 'breach-mailing';
    const workerEnv = testEnv({
      PRIVACYLOKET_DATA_DIR: config.dataDir,
      PRIVACYLOKET_CODEC_KEY: HISTORY_CODEC_KEY,
      TEMPORAL_ADDRESS: env.address,
      TEMPORAL_TASK_QUEUE: taskQueue,
      SMTP_URL: smtp.url,
      WORKFLOW_BUNDLE: inject('workflowBundlePath'),
    });
    const first = new Foreground(
      process.execPath,
      ['--import', 'tsx', join(projectRoot, 'test', 'helpers', 'worker-process.ts')],
      workerEnv,
    );
    workers.push(first);
    await first.waitFor('worker ready', 60_000);

    const handle = await env.client.workflow.start(breachMailing, {
      taskQueue,
      workflowId: breachMailingId(reference),
      // Small batches and short runs: a few hundred people take several batches and several runs.
      args: [{ reference, batchSize: 10, window: 4, batchesPerRun: 8 }],
    });

    // Killed in the middle, with mails on their way: the mail server holds new ones at MAIL FROM, and once every
    // mail it accepted is recorded as sent, the worker dies. (SMTP has no idempotency key: a crash in the
    // milliseconds between the server's "250" and the outbox's commit would send that one mail again, with the
    // same Message-ID. That window is the mail protocol's, and is not what this test is about.)
    await smtp.waitFor(60, 120_000);
    smtp.pause();
    const outbox = () =>
      db('outbox').where('idempotency_key', 'like', `${reference}/breach-subject-notice/%/subject`);
    const recorded = async () =>
      Number((await outbox().where({ status: 'sent' }).count({ n: '*' }))[0]!.n) === smtp.messages.length;
    for (let i = 0; i < 200 && !(await recorded()); i++) await sleep(50);
    await sleep(500); // the worker's sends queue up at MAIL FROM
    killGroup(first.child.pid!);
    await first.done;
    smtp.resume();
    const atKill = smtp.messages.length;
    expect(await recorded()).toBe(true);
    expect(atKill).toBeLessThan(200);
    const cutOff = await outbox().where({ status: 'pending' }).where('attempts', '>', 0).count({ n: '*' });
    expect(Number(cutOff[0]!.n)).toBeGreaterThan(0); // sends the kill cut off: the new worker sends them once

    // A new worker finishes the mailing.
    const second = await testWorker(
      env,
      { ...config, mail: { ...config.mail, smtpUrl: smtp.url } },
      db,
      taskQueue,
    );
    const counts = await second.runUntil(handle.result());
    expect(counts).toEqual({ sent: 214, undeliverable: 1, post: 25 });

    // Exactly one letter per address that accepts mail; none to the refused one, and no person twice.
    const people = smtp.messages.filter((m) => m.envelope.to[0]!.startsWith('persoon-'));
    const perAddress = new Map<string, number>();
    for (const message of people) {
      expect(message.envelope.to).toHaveLength(1);
      perAddress.set(message.envelope.to[0]!, (perAddress.get(message.envelope.to[0]!) ?? 0) + 1);
    }
    expect(perAddress.size).toBe(214);
    expect([...perAddress.values()].every((n) => n === 1)).toBe(true);
    expect(perAddress.has(REFUSED) || perAddress.has(REFUSED_WITH_ADDRESS)).toBe(false);
    expect(atKill).toBeGreaterThan(0);

    // A letter as the person reads it: their name, the approved text, in their language.
    const seventh = people.find((m) => m.envelope.to[0] === 'persoon-7@example.nl')!;
    const mail = await parseMail(seventh.raw);
    const pdf = await readPdf(mail.attachments[0]!.content);
    expect(pdf.text).toContain('Dear Persoon 7,');
    expect(pdf.text).toContain('Data breach: your personal data are involved');
    expect(pdf.text).toContain(approved.advice);
    const third = await parseMail(people.find((m) => m.envelope.to[0] === 'persoon-3@example.nl')!.raw);
    const dutch = await readPdf(third.attachments[0]!.content);
    expect(dutch.text).toContain('Geachte Persoon 3,');
    expect(dutch.text).toContain(approved.nature);
    expect(dutch.text).toContain('marc@debuurderij.nl'); // the FG's contact (art. 34(2), 33(3)(b))

    // The officer: one mail for the print file, one for the refused letter; neither names anybody.
    const staff = await Promise.all(
      smtp.messages.filter((m) => !m.envelope.to[0]!.startsWith('persoon-')).map((m) => parseMail(m.raw)),
    );
    expect(staff.map((m) => m.subject).sort()).toEqual([
      `Brieven over het datalek klaar voor de post: ${reference} (25 brieven)`,
      `Brieven over het datalek niet bezorgd: ${reference} (1)`,
    ]);
    for (const m of staff) expect(m.text).not.toMatch(/Persoon|Dorpsstraat|persoon-/);

    // One print file for the post: every letter without an e-mail address, its address in the window.
    const printFile = (await findPostLetters(db, reference))!;
    const pages = await readPages(printFile.content);
    const starts = pages.filter((page) =>
      /Datalek: uw persoonsgegevens|Data breach: your personal data/.test(page),
    );
    expect(starts.filter((page) => /Geachte Persoon \d+0,/.test(page))).toHaveLength(21);
    expect(starts.some((page) => page.includes('Persoon 240 Dorpsstraat 240 1234 AB Ergens'))).toBe(true);
    expect(starts.filter((page) => page.includes('Dear Persoon 70,'))).toHaveLength(1);
    // The refused letter to a person with a postal address goes by post after all.
    expect(starts.filter((page) => page.includes('Geachte Persoon 23,'))).toHaveLength(1);

    // Progress as `case` shows it; the PDFs of mailed letters are emptied, those for the post kept.
    expect(await mailingProgress(db, caseId)).toEqual({
      people: PEOPLE,
      sent: 214,
      undeliverable: 1,
      post: 25,
      pending: 0,
      undeliverableLines: [34], // person 17: after the header, each row before it takes two lines (its address)
    });
    // `privacyloket case` shows them as one line, not 240 letters and their 455 events.
    const details = await caseDetails(db, undefined, reference);
    expect(details.letters).toEqual([]);
    expect(details.timeline.filter((event) => event.type.startsWith('letter.'))).toEqual([]);
    expect(caseText(details, undefined, new Date()).replace(/\x1b\[\d+m/g, '')).toContain(
      'letters: 214 of 240 sent, 1 undeliverable (CSV line 34), 25 for the post',
    );
    const letters = await db<LetterRow>('letters')
      .where({ case_id: caseId })
      .select('status', 'delivery', 'pdf');
    expect(letters).toHaveLength(PEOPLE);
    expect(letters.filter((l) => l.status === 'sent').every((l) => l.pdf.length === 0)).toBe(true);
    expect(letters.filter((l) => l.delivery === 'post').every((l) => l.pdf.length > 1000)).toBe(true);
    expect(await findLatestRecord(db, caseId, 'breach.letters-sent')).toMatchObject({
      sent: 214,
      undeliverable: 1,
      post: 25,
    });
    const events = await db<AuditEventRow>('audit_events').where({ case_id: caseId });
    expect(events.filter((e) => e.type === 'letter.delivered')).toHaveLength(214);
    expect(events.filter((e) => e.type === 'letter.rendered')).toHaveLength(PEOPLE);
    for (const event of events) expect(event.data).not.toMatch(/Persoon|Dorpsstraat|example\.nl/);

    // The mailing started afresh on the way: 24 batches, 8 per run.
    const continued = async () => {
      let count = 0;
      for await (const run of env.client.workflow.list({ query: `WorkflowId = '${handle.workflowId}'` }))
        if (run.status.name === 'CONTINUED_AS_NEW') count++;
      return count;
    };
    let runs = await continued();
    for (let i = 0; i < 50 && runs < 2; i++) runs = await sleep(200).then(continued);
    expect(runs).toBeGreaterThanOrEqual(2);
  }, 240_000);
});
