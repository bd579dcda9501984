import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * The destruction register (SPEC processes 6 and 7): every destruction a case ordered and its data owner confirmed,
 * with who, when and how. It names the case by reference and the data by category, never a person, so that it
 * outlives the case whose data it records as gone (an erased request file's register entry stays).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('destructions', (t) => {
    t.increments('id');
    t.integer('case_id').references('cases.id');
    t.string('reference', 40).notNullable(); // the case that ordered it
    t.string('process', 20).notNullable(); // applicant | retention | …
    t.string('category', 64); // the policy's retention category, or null for an applicant's data
    t.string('what', 300).notNullable(); // the category's label, as the register shows it
    t.string('basis', 500).notNullable(); // why it went then: the period and where it comes from
    t.string('due_at', INSTANT).notNullable();
    t.string('destroyed_at', INSTANT).notNullable(); // as the data owner confirmed it
    t.string('destroyed_by', 200).notNullable();
    t.text('how').notNullable();
    t.string('registered_at', INSTANT).notNullable();
    t.index(['destroyed_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('destructions');
}
