/** Running the product's own commands as a user would: real processes, bounded waits, output kept for asserts. */
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';
import { projectRoot } from '../../services/config';

export interface Ran {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** `privacyloket …` as a separate process. */
export async function runCli(args: string[], env: NodeJS.ProcessEnv, cwd = projectRoot): Promise<Ran> {
  const child = spawn(process.execPath, [join(projectRoot, 'bin', 'privacyloket.js'), ...args], { env, cwd });
  return collect(child);
}

export function collect(child: ChildProcess): Promise<Ran> {
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** A long-running command (`npm start`) in its own process group, as a terminal runs it. */
export class Foreground {
  readonly child: ChildProcess;
  readonly done: Promise<Ran>;
  private output = '';

  constructor(command: string, args: string[], env: NodeJS.ProcessEnv, cwd = projectRoot) {
    this.child = spawn(command, args, { env, cwd, detached: true });
    this.done = collect(this.child);
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.on('data', (chunk: Buffer) => (this.output += chunk.toString()));
    }
  }

  get text(): string {
    return this.output;
  }

  /** Resolves when `line` has been printed; rejects if the process ends first or `timeoutMs` passes. */
  async waitFor(line: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!this.output.includes(line)) {
      if (this.child.exitCode !== null)
        throw new Error(`exited (${this.child.exitCode}) before '${line}':\n${this.output}`);
      if (Date.now() > deadline) throw new Error(`no '${line}' within ${timeoutMs} ms:\n${this.output}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }

  /** Ctrl-C: SIGINT to the whole process group, like a terminal does. */
  interrupt(): Promise<Ran> {
    process.kill(-this.child.pid!, 'SIGINT');
    return this.done;
  }

  /** Cleanup after a failed test: nothing may outlive it. */
  kill(): void {
    killGroup(this.child.pid!);
  }
}

/** SIGKILL to a process group; one that is already gone is fine. */
export function killGroup(pid: number): void {
  try {
    process.kill(-pid, 'SIGKILL');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ESRCH') throw error;
  }
}
