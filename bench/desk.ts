/**
 * How fast the desk's case list answers with 100,000 cases in the database: `listDeskCases` (the page's rows and
 * the count of all that match) for the lists an officer opens, each warmed up, then run RUNS times (median, p95),
 * against a target of TARGET_MS. The database is a fresh SQLite file with every migration, in a private temp
 * folder removed at the end. Run: `npm run bench:desk [-- <cases>]`.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDb, timestamp, type Db } from '../db';
import { addDays, amsterdamDate, endOfAmsterdamDay } from '../lib/calendar';
import { PROCESSES, REFERENCE_PREFIXES, processEntry, type Process } from '../lib/processes';
import { buildDesk } from '../desk/server';
import { listDeskCases, type CaseListFilter } from '../services/case-list';
import { loadConfig } from '../services/config';
import { addUser, createSession } from '../services/users';

const [CASES = 100_000] = process.argv.slice(2).map(Number);
const RUNS = 50;
const WARM_UP = 5;
const TARGET_MS = 20;
const PAGE_TARGET_MS = 100;
const POLICIES = ['de-buurderij', 'werk-op-maat', 'gdpr-default'];
const GEBRUIKERS = ['fatima', 'joost', 'mirjam', 'ruben', 'sanne'];
const DAY_MS = 86_400_000;

/** The lists measured: what an officer and a Gebruiker open on a working day. */
const LISTS: [string, CaseListFilter][] = [
  ['default (not closed, page 1)', {}],
  ['process access', { process: 'access' }],
  ['policy werk-op-maat', { policy: 'werk-op-maat' }],
  ['urgency overdue', { urgency: 'overdue' }],
  ['urgency due within 7 days', { urgency: 'due-7' }],
  [`a Gebruiker's (assignee ${GEBRUIKERS[2]})`, { assignee: GEBRUIKERS[2]! }],
  ['page 20', { page: 20 }],
  ['closed (latest first)', { status: 'closed' }],
  ['all states, page 1', { status: 'all' }],
  ['search INZ-2026', { search: 'INZ-2026' }],
];

async function main(): Promise<void> {
  const cpu = cpus()[0]?.model ?? 'unknown CPU';
  console.log(`${availableParallelism()} cores (${cpu}), node ${process.version}`);
  const dir = mkdtempSync(join(tmpdir(), 'privacyloket-bench-desk-')); // 0700, as mkdtemp makes it
  const db = await openDb({ client: 'sqlite3', filename: join(dir, 'desk.sqlite3') });
  try {
    const now = new Date();
    const seeding = performance.now();
    await seedCases(db, CASES, now);
    console.log(`${CASES} cases inserted in ${((performance.now() - seeding) / 1000).toFixed(1)} s`);
    console.log(`listDeskCases, ${RUNS} runs each after ${WARM_UP} to warm up, target < ${TARGET_MS} ms:`);

    for (const [name, filter] of LISTS) {
      const list = () => listDeskCases(db, filter, now);
      const { median, p95 } = await timed(list);
      const { total } = await list();
      console.log(
        `  ${name.padEnd(36)} median ${median.toFixed(2).padStart(6)} ms  p95 ${p95.toFixed(2).padStart(6)} ms  ` +
          `(${String(total).padStart(6)} match)  target < ${TARGET_MS} ms ${p95 < TARGET_MS ? 'met' : 'MISSED'}`,
      );
    }

    await measurePages(db);
  } finally {
    await db.destroy();
    rmSync(dir, { recursive: true, force: true });
  }
}

/**
 * The whole page as the browser gets it, over HTTP without the network (Fastify's inject): the session read, the
 * query, the rendering and the access log's entry, for a Beheerder and for a Gebruiker.
 */
async function measurePages(db: Db): Promise<void> {
  const config = loadConfig({ ...process.env, PRIVACYLOKET_DATA_DIR: tmpdir() });
  const app = await buildDesk({ db, config, client: undefined, codecKey: randomBytes(32) });
  const people = [
    await addUser(db, {
      username: 'beheer',
      name: 'Bench Verantwoordelijke',
      password: 'bench-password-123',
      by: 'bench',
    }),
    await addUser(db, {
      username: GEBRUIKERS[2]!,
      name: 'Bench Gebruiker',
      role: 'gebruiker',
      password: 'bench-password-123',
      by: 'bench',
    }),
  ];
  const cookies = await Promise.all(
    people.map(async (user) => `pl_session=${(await createSession(db, user, new Date())).token}`),
  );
  console.log(
    `the case list page (GET /cases: session, query, render, access log), target < ${PAGE_TARGET_MS} ms:`,
  );
  for (const [name, query, cookie] of [
    ['default', '', cookies[0]!],
    ['process access', '?process=access', cookies[0]!],
    ['urgency overdue', '?urgency=overdue', cookies[0]!],
    ['closed, page 20', '?status=closed&page=20', cookies[0]!],
    ["a Gebruiker's own", '', cookies[1]!],
  ] as const) {
    const get = async () => {
      const response = await app.inject({ url: `/cases${query}`, headers: { cookie } });
      if (response.statusCode !== 200) throw new Error(`GET /cases${query}: ${response.statusCode}`);
      return response.body.length;
    };
    const times = await timed(get);
    const bytes = await get();
    console.log(
      `  ${name.padEnd(36)} median ${times.median.toFixed(2).padStart(6)} ms  p95 ${times.p95.toFixed(2).padStart(6)} ms  ` +
        `(${String(Math.round(bytes / 1024)).padStart(4)} KiB)  target < ${PAGE_TARGET_MS} ms ${times.p95 < PAGE_TARGET_MS ? 'met' : 'MISSED'}`,
    );
  }
  await app.close();
}

/** `run` warmed up, then timed RUNS times. */
async function timed(run: () => Promise<unknown>): Promise<{ median: number; p95: number }> {
  for (let i = 0; i < WARM_UP; i++) await run();
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run();
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  return { median: (times[RUNS / 2 - 1]! + times[RUNS / 2]!) / 2, p95: times[Math.ceil(RUNS * 0.95) - 1]! };
}

/**
 * `count` cases as an organisation gathers them over the years: the nine processes, the three policies, 70%
 * closed, 1% failed, due dates at the end of an Amsterdam day spread over 400 days either side of `now`, a
 * subject for every process about a person, a Gebruiker assigned to one case in five. Batched, in one
 * transaction; the same cases on every run (a seeded generator).
 */
async function seedCases(db: Db, count: number, now: Date): Promise<void> {
  const random = mulberry32(12);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(random() * values.length)]!;
  const aboutAPerson = new Set<Process>();
  for (const process of PROCESSES)
    if (!(await processEntry(process))?.start?.withoutSubject) aboutAPerson.add(process);
  const numbers = new Map<string, number>();
  const today = amsterdamDate(now);
  const created = timestamp(now);
  const BATCH = 500;
  await db.transaction(async (trx) => {
    for (let first = 0; first < count; first += BATCH) {
      const batch = Array.from({ length: Math.min(BATCH, count - first) }, () => {
        const process = pick(PROCESSES);
        const dueAt = endOfAmsterdamDay(addDays(today, Math.floor(random() * 801) - 400));
        const receivedAt = new Date(
          Math.min(dueAt.getTime() - 28 * DAY_MS, now.getTime() - random() * 10 * DAY_MS),
        );
        const draw = random();
        const status = draw < 0.7 ? 'closed' : draw < 0.71 ? 'failed' : 'open';
        const closedAt = new Date(receivedAt.getTime() + random() * (now.getTime() - receivedAt.getTime()));
        const prefix = `${REFERENCE_PREFIXES[process]}-${amsterdamDate(receivedAt).slice(0, 4)}`;
        const number = (numbers.get(prefix) ?? 0) + 1;
        numbers.set(prefix, number);
        return {
          subject: aboutAPerson.has(process)
            ? { name: `Betrokkene ${first}-${number}`, created_at: created }
            : undefined,
          row: {
            reference: `${prefix}-${String(number).padStart(4, '0')}`,
            workflow_id: `${prefix}-${String(number).padStart(4, '0')}`,
            process,
            policy_id: pick(POLICIES),
            status,
            locale: random() < 0.9 ? 'nl' : 'en',
            received_at: timestamp(receivedAt),
            due_at: timestamp(dueAt),
            closed_at: status === 'closed' ? timestamp(closedAt) : null,
            assignee: random() < 0.2 ? pick(GEBRUIKERS) : null,
            created_at: created,
            updated_at: created,
          },
        };
      });
      const withSubject = batch.filter((c) => c.subject);
      const ids: { id: number }[] = withSubject.length
        ? await trx('subjects')
            .insert(withSubject.map((c) => c.subject))
            .returning('id')
        : [];
      const subjectIds = new Map(withSubject.map((c, i) => [c, ids[i]!.id]));
      await trx('cases').insert(batch.map((c) => ({ ...c.row, subject_id: subjectIds.get(c) ?? null })));
    }
  });
}

/** A small seeded generator of numbers in [0, 1): the same database on every run. */
function mulberry32(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

await main();
