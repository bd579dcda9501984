import type { Knex } from 'knex';

/**
 * The audit trail: append-only, each row carrying the hash of the row before it. UNIQUE(prev_hash) means two
 * writers racing for the same place in the chain cannot both succeed, so the chain never forks. Triggers refuse
 * UPDATE and DELETE, so changing history takes dropping them first, which `audit verify` then exposes.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('audit_events', (t) => {
    t.increments('id');
    t.string('at', 24).notNullable();
    t.string('type', 60).notNullable();
    t.integer('case_id').references('cases.id');
    t.string('actor', 100).notNullable();
    t.text('data').notNullable(); // canonical JSON: references, dates, decisions, hashes; never personal data
    t.string('prev_hash', 64).notNullable().unique();
    t.string('hash', 64).notNullable();
  });
  if (isPostgres(db)) {
    await db.raw(`
      CREATE FUNCTION audit_events_append_only() RETURNS trigger AS $$
      BEGIN RAISE EXCEPTION 'audit_events is append-only'; END;
      $$ LANGUAGE plpgsql`);
    await db.raw(`
      CREATE TRIGGER audit_events_append_only BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_append_only()`);
  } else {
    for (const action of ['UPDATE', 'DELETE']) {
      await db.raw(`
        CREATE TRIGGER audit_events_no_${action.toLowerCase()} BEFORE ${action} ON audit_events
        BEGIN SELECT RAISE(ABORT, 'audit_events is append-only'); END`);
    }
  }
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTable('audit_events');
  if (isPostgres(db)) await db.raw('DROP FUNCTION audit_events_append_only()');
}

function isPostgres(db: Knex): boolean {
  return (db.client as Knex.Client).config.client === 'pg';
}
