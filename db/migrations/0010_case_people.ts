import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * The people of a case that writes to many (a breach's affected people, AVG art. 34; those whose files a transfer
 * moves, Buurderij art. 25 lid 2) share one table: the breach's table, renamed. A transfer adds each person's
 * objection: when it came in and how (as the officer recorded it), a note, and who recorded it when. An objection
 * is personal data like the rest of the row; the audit trail gets the person's id and the dates only.
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.renameTable('breach_people', 'case_people');
  await db.schema.alterTable('case_people', (t) => {
    t.string('objection_received_at', INSTANT); // an Amsterdam date (YYYY-MM-DD) or an instant, as received
    t.string('objection_how', 20); // e-mail | letter | phone | in-person
    t.text('objection_note');
    t.string('objection_recorded_by', 200);
    t.string('objection_recorded_at', INSTANT);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('case_people', (t) => {
    for (const column of ['received_at', 'how', 'note', 'recorded_by', 'recorded_at'])
      t.dropColumn(`objection_${column}`);
  });
  await db.schema.renameTable('case_people', 'breach_people');
}
