import type { Knex } from 'knex';

/** Instants are ISO 8601 UTC text of fixed width (see db/index.ts). */
const INSTANT = 24;

export async function up(db: Knex): Promise<void> {
  // Personal data lives here and only here: workflows and the audit trail hold case references.
  await db.schema.createTable('subjects', (t) => {
    t.increments('id');
    t.text('name');
    t.text('email');
    t.text('postal_address');
    t.text('phone');
    t.string('birth_date', 10);
    t.text('data'); // JSON, for anything else a process needs
    t.string('created_at', INSTANT).notNullable();
    t.string('anonymised_at', INSTANT); // erasure blanks the fields and records when
  });
  await db.schema.createTable('cases', (t) => {
    t.increments('id');
    t.string('reference', 20).notNullable().unique(); // INZ-2026-0001
    t.string('process', 20).notNullable();
    t.string('policy_id', 64).notNullable();
    t.string('status', 20).notNullable();
    t.string('locale', 2).notNullable();
    t.integer('subject_id').references('subjects.id');
    t.string('workflow_id', 100).unique();
    t.string('received_at', INSTANT).notNullable(); // when the clock started: receipt, or discovery of a breach
    t.string('due_at', INSTANT).notNullable();
    t.string('closed_at', INSTANT);
    t.string('created_at', INSTANT).notNullable();
    t.string('updated_at', INSTANT).notNullable();
    t.index(['status', 'due_at']);
  });
  await db.schema.createTable('reference_counters', (t) => {
    t.string('prefix', 3).notNullable();
    t.integer('year').notNullable();
    t.integer('last_number').notNullable();
    t.primary(['prefix', 'year']);
  });
  await db.schema.createTable('letters', (t) => {
    t.increments('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.string('kind', 40).notNullable();
    t.string('locale', 2).notNullable();
    t.binary('pdf').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('idempotency_key', 200).notNullable().unique();
    t.string('created_at', INSTANT).notNullable();
  });
  // Mail leaves through this outbox exactly once: a retried activity finds its key and does not send again.
  await db.schema.createTable('outbox', (t) => {
    t.increments('id');
    t.string('idempotency_key', 200).notNullable().unique();
    t.integer('case_id').references('cases.id');
    t.integer('letter_id').references('letters.id');
    t.text('recipient').notNullable();
    t.text('subject_line').notNullable();
    t.string('status', 10).notNullable().defaultTo('pending'); // pending | sent | failed
    t.integer('attempts').notNullable().defaultTo(0);
    t.text('last_error');
    t.string('sent_at', INSTANT);
    t.string('created_at', INSTANT).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['outbox', 'letters', 'reference_counters', 'cases', 'subjects']) {
    await db.schema.dropTable(table);
  }
}
