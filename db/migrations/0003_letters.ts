import type { Knex } from 'knex';

const INSTANT = 24;

export async function up(db: Knex): Promise<void> {
  await db.schema.alterTable('letters', (t) => {
    t.text('title');
    t.string('delivery', 30); // attachment | encrypted-attachment | post (policy, per letter kind)
    t.text('password'); // an encrypted letter's password, for the officer to give by another channel
  });
  // Documents the officer adds to a case, such as the copy of the data that goes with the access response.
  // Personal data: read by activities, never copied into workflows or the audit trail (only their hash).
  await db.schema.createTable('documents', (t) => {
    t.increments('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.string('kind', 40).notNullable();
    t.text('filename').notNullable();
    t.string('content_type', 100).notNullable();
    t.binary('content').notNullable();
    t.string('sha256', 64).notNullable();
    t.string('created_at', INSTANT).notNullable();
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('documents');
  await db.schema.alterTable('letters', (t) => {
    t.dropColumn('title');
    t.dropColumn('delivery');
    t.dropColumn('password');
  });
}
