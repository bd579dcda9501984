/** The transfer's own step at its effective date: its list, without the objectors (services/transfer.ts). */
import type { Db } from '../db';
import { recordTransferList } from '../services/transfer';

export function transferActivities(db: Db) {
  return {
    recordTransferList: ({ reference }: { reference: string }) => recordTransferList(db, reference),
  };
}
