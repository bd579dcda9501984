/**
 * The data folder holds personal data (the database, the outbox, letters being written): folders 0700, files
 * 0600, whatever created them. A worker killed mid-letter leaves its temporary files and its Chromium behind;
 * the next start removes them.
 */
import { chmodSync, existsSync, lstatSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';

/** Makes every folder under `dir` 0700 and every file 0600 (an install from before this rule, a library's file). */
export function makePrivate(dir: string): void {
  if (!existsSync(dir)) return;
  const walk = (path: string) => {
    let stat;
    try {
      stat = lstatSync(path);
    } catch {
      return; // gone meanwhile (a journal SQLite removed): nothing to protect
    }
    if (stat.isSymbolicLink()) return;
    if (stat.isDirectory()) {
      if ((stat.mode & 0o777) !== 0o700) chmodSync(path, 0o700);
      for (const entry of readdirSync(path)) walk(join(path, entry));
    } else if ((stat.mode & 0o077) !== 0) {
      try {
        chmodSync(path, stat.mode & 0o700);
      } catch {
        // gone meanwhile
      }
    }
  };
  walk(dir);
}

/** This process's own subfolder of a per-process folder (`var/tmp/<pid>`, `var/chromium/<pid>`). */
export function ownSubdir(dir: string): string {
  return join(dir, String(process.pid));
}

/**
 * Removes what processes that no longer run left in `dirs` (their `<pid>` subfolders), and first ends any
 * program still running from such a folder: a Chromium whose worker was killed keeps a gigabyte of memory.
 * Returns the folders removed.
 */
export function removeLeftovers(dirs: string[]): string[] {
  const removed: string[] = [];
  for (const dir of dirs.filter((path) => existsSync(path))) {
    for (const entry of readdirSync(dir)) {
      const pid = Number(entry);
      if (!Number.isInteger(pid) || pid <= 0 || pid === process.pid || isRunning(pid)) continue;
      const path = join(dir, entry);
      for (const orphan of processesUsing(path)) signal(orphan, 'SIGKILL');
      rmSync(path, { recursive: true, force: true });
      removed.push(path);
    }
  }
  return removed;
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Processes whose command line names `path` (Linux /proc; elsewhere none are found). */
export function processesUsing(path: string): number[] {
  if (!existsSync('/proc')) return [];
  return readdirSync('/proc')
    .filter((entry) => /^\d+$/.test(entry))
    .filter((entry) => {
      try {
        return readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes(path);
      } catch {
        return false; // gone meanwhile, or not ours to read
      }
    })
    .map(Number);
}

function signal(pid: number, name: NodeJS.Signals): void {
  try {
    process.kill(pid, name);
  } catch {
    // already gone
  }
}
