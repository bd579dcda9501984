import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * The people a data breach affects (AVG art. 34): possibly thousands per case, so a table of their own rather than
 * parties (whose every row `case` would list). Personal data: here only; workflows see their ids, staff mail and
 * the audit trail their numbers. Each person's letter is found by its idempotency key
 * (`<ref>/breach-subject-notice/<id>`); the index on letters lets the mailing's progress be counted without reading
 * a single PDF.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('breach_people', (t) => {
    t.increments('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.integer('line').notNullable(); // the row's line in the imported CSV file, as the officer finds it there
    t.string('name', 200).notNullable();
    t.string('email', 320);
    t.text('postal_address'); // lines separated by \n, as the envelope window shows them
    t.string('locale', 2).notNullable();
    t.string('created_at', INSTANT).notNullable();
    t.index(['case_id', 'id']);
  });
  await db.schema.alterTable('letters', (t) => {
    t.index(['case_id', 'kind', 'status']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('letters', (t) => {
    t.dropIndex(['case_id', 'kind', 'status']);
  });
  await db.schema.dropTable('breach_people');
}
