import type { Knex } from 'knex';

const INSTANT = 24;

/**
 * The desk's own records (issue #12): who may log in (roles of Buurderij art. 14: Verantwoordelijke, Beheerder,
 * Gebruiker), their sessions, every login attempt (for throttling), and the access log of every view of a case and
 * every action (NEN 7513: who, when, which case, what, outcome). The access log names a case by its reference,
 * never its subject; it is only ever appended to. A case gets the desk user it belongs to (`assignee`).
 */
export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('users', (t) => {
    t.increments('id');
    t.string('username', 40).notNullable().unique(); // [a-z0-9._-]{2,40}, what is typed at the login
    t.string('name', 100).notNullable().unique(); // the `by` of the audit trail, which four eyes compare
    t.string('role', 20).notNullable(); // verantwoordelijke | beheerder | gebruiker
    t.text('password_hash').notNullable(); // scrypt$N$r$p$salt$hash: the parameters travel with the hash
    t.string('locale', 2).notNullable().defaultTo('nl');
    t.string('created_at', INSTANT).notNullable();
    t.string('created_by', 100).notNullable();
    t.string('disabled_at', INSTANT);
    t.string('disabled_by', 100);
  });
  await db.schema.createTable('sessions', (t) => {
    t.increments('id');
    t.string('token_hash', 64).notNullable().unique(); // sha256 of the cookie's token; the token is never stored
    t.integer('user_id').notNullable().references('users.id');
    t.string('csrf', 64).notNullable();
    t.string('created_at', INSTANT).notNullable();
    t.string('last_seen_at', INSTANT).notNullable();
    t.string('expires_at', INSTANT).notNullable();
    t.index(['user_id']);
  });
  await db.schema.createTable('login_attempts', (t) => {
    t.increments('id');
    t.string('username', 100).notNullable(); // as typed (lower-cased), known user or not
    t.string('ip', 64).notNullable();
    t.string('at', INSTANT).notNullable();
    t.boolean('ok').notNullable();
    t.index(['username', 'at']);
    t.index(['ip', 'at']);
  });
  await db.schema.createTable('access_log', (t) => {
    t.increments('id');
    t.string('at', INSTANT).notNullable();
    t.integer('user_id').references('users.id'); // null for a failed login of no known user
    t.string('username', 100); // as the user was called then, or as typed at a failed login
    t.string('role', 20);
    t.string('action', 20).notNullable(); // view | action | login | logout | login-failed | export | denied
    t.string('reference', 20); // the case, never its subject
    t.string('what', 200).notNullable(); // the page or command: `case`, `access decide`
    t.string('ip', 64);
    t.string('outcome', 10).notNullable(); // ok | refused | denied
    t.index(['at']);
    t.index(['reference']);
  });
  await db.schema.alterTable('cases', (t) => {
    t.string('assignee', 40); // the desk user (username) the case belongs to
    t.index(['assignee']);
  });
}

export async function down(db: Knex): Promise<void> {
  await db.schema.alterTable('cases', (t) => {
    t.dropIndex(['assignee']);
    t.dropColumn('assignee');
  });
  for (const table of ['access_log', 'login_attempts', 'sessions', 'users']) await db.schema.dropTable(table);
}
