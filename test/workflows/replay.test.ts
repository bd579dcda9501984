/**
 * Recorded histories of every workflow replay against the current workflow code: a change that would make a
 * running case fail with a determinism error fails here first. The histories are recorded by the workflow tests
 * (RECORD_HISTORIES=1) with a codec key kept for this purpose only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from '@temporalio/worker';
import { describe, expect, inject, it } from 'vitest';
import { dataConverter } from '../../services/codec';
import { HISTORIES_DIR, HISTORY_CODEC_KEY, historyFromJson } from '../helpers/histories';

describe('recorded histories', () => {
  const files = readdirSync(HISTORIES_DIR).filter((file) => file.endsWith('.json'));

  it.each(['access-request-', 'objection-', 'breach-', 'retention-', 'intake-', 'applicant-'])(
    'exist for every process: %s',
    (prefix) => {
      expect(files.filter((file) => file.startsWith(prefix)).length).toBeGreaterThanOrEqual(2);
    },
  );

  it('exist for rectification', () => {
    expect(files.filter((file) => file.startsWith('rectification-')).length).toBeGreaterThanOrEqual(4);
  });

  it('exist for the erasure request', () => {
    expect(files.filter((file) => file.startsWith('erasure-')).length).toBeGreaterThanOrEqual(2);
  });

  it.each(files)('%s replays without a determinism error', async (file) => {
    const history = historyFromJson(readFileSync(join(HISTORIES_DIR, file), 'utf8'));
    await Worker.runReplayHistory(
      {
        workflowBundle: { codePath: inject('workflowBundlePath') },
        dataConverter: dataConverter(Buffer.from(HISTORY_CODEC_KEY, 'base64')),
      },
      history,
      file,
    );
  });
});
