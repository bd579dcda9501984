/**
 * Once per `npm test`: bundle the workflows (webpack takes seconds; every worker in every test file reuses the
 * bundle) and share the path with the test files.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bundleWorkflowCode } from '@temporalio/worker';
import type { TestProject } from 'vitest/node';
import { bundleOptions } from '../worker/main';

declare module 'vitest' {
  export interface ProvidedContext {
    workflowBundlePath: string;
  }
}

export default async function setup(project: TestProject) {
  const dir = mkdtempSync(join(tmpdir(), 'privacyloket-bundle-'));
  const { code } = await bundleWorkflowCode({ ...bundleOptions, logger: quietLogger });
  const codePath = join(dir, 'workflows.js');
  writeFileSync(codePath, code);
  project.provide('workflowBundlePath', codePath);
  return () => rmSync(dir, { recursive: true, force: true });
}

const ignore = () => undefined;
const quietLogger = {
  trace: ignore,
  debug: ignore,
  info: ignore,
  warn: ignore,
  error: console.error,
  log: ignore,
};
