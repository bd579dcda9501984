/**
 * Who may see and do what at the desk (Buurderij art. 14: access only as far as the task needs it). The
 * Verantwoordelijke (supervision) and the Beheerder (the daily care) see every case; a Gebruiker sees the cases
 * they started. Four eyes, the registers and the logs are the managers'.
 */
import type { Command } from '../cli/command';
import type { CaseRow } from '../db/cases';
import type { DeskUser } from '../services/users';

export const managing = (user: DeskUser) => user.role !== 'gebruiker';
export const mayOpen = (user: DeskUser, row: CaseRow) => managing(user) || row.assignee === user.username;

/** Four eyes is a second officer's check: not for a Gebruiker. Register and log work is the managers'. */
export function mayRun(user: DeskUser, command: Command): boolean {
  if (command.name.endsWith(' start')) return true;
  if (/ approve(-letter)?$/.test(command.name) || /^(register|breach log|duty)/.test(command.name))
    return managing(user);
  return true;
}
