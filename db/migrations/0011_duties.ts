import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * Recurring duties done (SPEC process 8): each run of a duty's schedule that the officer confirmed, with who,
 * when and a note. It names the policy and the duty, never a person other than the officer who confirmed: the
 * evidence that the organisation kept its own regulation (Werk op Maat's password change, Buurderij art. 5's
 * register, AVG art. 5(2)).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('duties', (t) => {
    t.increments('id');
    t.string('policy_id', 64).notNullable();
    t.string('duty', 64).notNullable();
    t.string('run_id', 200).notNullable().unique(); // the run's workflow id: a retried activity records it once
    t.string('scheduled_at', INSTANT).notNullable();
    t.string('due_at', INSTANT).notNullable(); // the next run: when an unconfirmed duty goes to management
    t.string('done_at', INSTANT).notNullable();
    t.string('done_by', 100).notNullable();
    t.text('note');
    t.string('recorded_at', INSTANT).notNullable();
    t.index(['policy_id', 'duty', 'done_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('duties');
}
