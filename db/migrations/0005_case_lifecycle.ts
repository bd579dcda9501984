import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * What a case needs to be impossible to lose and to answer as the law asks: when its workflow started (a row
 * committed without one is started by the worker's reconciliation), when it failed, how the request came in
 * (art. 15(3): a request made electronically is answered electronically), and the date promised to a request
 * registered after its deadline. Letters get a delivery status: a letter for the post is sent only when the
 * officer has posted it, and a letter the mail server refuses is undeliverable until the officer acts.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.string('workflow_started_at', INSTANT);
    t.string('failed_at', INSTANT);
    t.string('channel', 20); // e-mail | letter | in-person | phone
    t.boolean('reply_by_post').notNullable().defaultTo(false);
    t.string('answer_by', 10); // a calendar date, for a request registered after its deadline
  });
  // Rows from before this migration were started inside their own transaction.
  await db('cases')
    .whereNotNull('workflow_id')
    .update({ workflow_started_at: db.ref('created_at') });

  await db.schema.alterTable('letters', (t) => {
    t.string('status', 20).notNullable().defaultTo('pending'); // pending | sent | queued-for-post | posted | undeliverable
    t.string('status_at', INSTANT);
  });
  const mailed = db('outbox').select('letter_id').where({ status: 'sent' }).whereNotNull('letter_id');
  await db('letters').whereIn('id', mailed).where('delivery', '<>', 'post').update({ status: 'sent' });
  await db('letters').whereIn('id', mailed).where({ delivery: 'post' }).update({ status: 'queued-for-post' });

  // Facts about this installation, such as which codec key its cases are encrypted with.
  await db.schema.createTable('settings', (t) => {
    t.string('name', 64).primary();
    t.text('value').notNullable();
  });

  // The officer's decisions and weighings in full: evidence that may hold personal data, so here and not in the
  // audit trail, which records each one's id and SHA-256.
  await db.schema.createTable('case_records', (t) => {
    t.increments('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.string('type', 60).notNullable();
    t.text('data').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('actor', 100).notNullable();
    t.string('created_at', INSTANT).notNullable();
    t.index(['case_id', 'type']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('case_records');
  await db.schema.dropTable('settings');
  await db.schema.alterTable('letters', (t) => {
    t.dropColumn('status');
    t.dropColumn('status_at');
  });
  await db.schema.alterTable('cases', (t) => {
    for (const column of ['workflow_started_at', 'failed_at', 'channel', 'reply_by_post', 'answer_by']) {
      t.dropColumn(column);
    }
  });
}
