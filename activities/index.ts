/**
 * Activities do all the I/O of the workflows. They are built once per worker from its dependencies; workflows
 * type their proxies with `Activities` and never import this module's values.
 */
import type { Db } from '../db';
import { auditActivities } from './audit';

export interface ActivityDeps {
  db: Db;
}

export function createActivities({ db }: ActivityDeps) {
  return { ...auditActivities(db) };
}

export type Activities = ReturnType<typeof createActivities>;
