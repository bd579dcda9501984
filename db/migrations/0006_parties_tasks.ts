import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * A case's parties besides its subject (SPEC "Cases and parties"): a representative (Buurderij art. 11: a parent
 * or guardian of a minor under 16, a curator or mentor), third persons whose data the file holds, recipients who
 * received the data (told of corrections and erasures, art. 19) and data owners who carry out tasks. Personal data:
 * here only, never in workflows' ids, mail to staff or the audit trail. And the tasks data owners carry out and
 * confirm (who, when, how): the confirmation is the evidence.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('parties', (t) => {
    t.increments('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.string('role', 20).notNullable(); // representative | third-person | recipient | data-owner
    t.string('name', 200).notNullable();
    t.string('email', 320);
    t.text('postal_address');
    t.string('phone', 30);
    t.string('basis', 40); // a representative's: parent, guardian, curator, mentor, authorised
    t.string('idempotency_key', 200).unique(); // a workflow's retried activity adds the party once
    t.string('created_at', INSTANT).notNullable();
    t.index(['case_id', 'role']);
  });
  await db.schema.createTable('tasks', (t) => {
    t.increments('id');
    t.integer('case_id').notNullable().references('cases.id');
    t.integer('number').notNullable(); // 1, 2, … within the case: what the mail and the officer name
    t.integer('party_id').notNullable().references('parties.id');
    t.string('action', 300).notNullable(); // what to do, without personal data: "erase category care-data"
    t.string('status', 20).notNullable().defaultTo('open'); // open | done
    t.string('due_at', INSTANT).notNullable();
    t.string('confirmed_by', 100);
    t.string('confirmed_at', INSTANT);
    t.text('how');
    t.string('idempotency_key', 200).notNullable().unique();
    t.string('created_at', INSTANT).notNullable();
    t.unique(['case_id', 'number']);
  });
  // A letter to someone other than the subject (a recipient told of a correction): null means the subject, or
  // the representative who speaks for them.
  await db.schema.alterTable('letters', (t) => {
    t.integer('party_id').references('parties.id');
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('letters', (t) => {
    t.dropColumn('party_id');
  });
  await db.schema.dropTable('tasks');
  await db.schema.dropTable('parties');
}
