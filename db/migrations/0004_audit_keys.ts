import type { Knex } from 'knex';

/**
 * An event written by a retried activity must not appear twice: events written under an idempotency key are
 * written once. Raw SQL, because knex rebuilds SQLite tables for some changes, and this table's triggers refuse
 * the deletes a rebuild would need.
 */
export async function up(db: Knex): Promise<void> {
  await db.raw('ALTER TABLE audit_events ADD COLUMN idempotency_key varchar(200)');
  await db.raw('CREATE UNIQUE INDEX audit_events_idempotency_key_unique ON audit_events (idempotency_key)');
}

export async function down(db: Knex): Promise<void> {
  await db.raw('DROP INDEX audit_events_idempotency_key_unique');
  await db.raw('ALTER TABLE audit_events DROP COLUMN idempotency_key');
}
