import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * A request's own case file is evidence that the request was handled (AVG art. 5(2), 17(3)(e)) and is kept for the
 * policy's period after the case closes, then destroyed whole (SPEC "Cases and parties"). The closed case names the
 * retention schedule that keeps it (unique: the schedule is started once per case, whatever retries) and, once it
 * has gone, when: the case row stays, its personal data do not.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.string('file_schedule', 20).unique(); // BEW-…: the retention schedule of this case's own file
    t.string('file_destroyed_at', INSTANT);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.dropUnique(['file_schedule']);
    t.dropColumn('file_schedule');
    t.dropColumn('file_destroyed_at');
  });
}
