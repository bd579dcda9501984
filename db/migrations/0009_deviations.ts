import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * The register of deviations from the regulation (Buurderij art. 20, "register van afwijkingen"): each processing
 * that departs from articles 2, 3, 4, 15(1) or 17 of the regulation, with what deviated, why and who decided.
 * Entries are kept 3 years (the policy's `deviation-register` retention category) and then destroyed by the
 * retention schedule the entry starts, whose case reference is kept here; the schedule knows the entry only by its
 * label (`AFW-2026-0001`), never by what it says.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('deviations', (t) => {
    t.increments('id');
    t.string('label', 20).notNullable().unique(); // AFW-2026-0001: the dossier the retention schedule names
    t.string('policy_id', 64).notNullable();
    t.string('kind', 30).notNullable(); // which clause of art. 20(2), or other
    t.text('description').notNullable(); // what deviated: may hold personal data
    t.text('reason').notNullable();
    t.string('decided_by', 200).notNullable();
    t.string('recorded_at', INSTANT).notNullable();
    t.string('retention_reference', 40); // BEW-…: the schedule that destroys the entry; null until it is registered
    t.index(['policy_id', 'recorded_at']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('deviations');
}
