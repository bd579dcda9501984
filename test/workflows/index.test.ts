/** The worker's workflow module: every function it exports is a workflow type anyone on the task queue may start. */
import { describe, expect, it } from 'vitest';
import * as workflows from '../../workflows';

describe('workflows/index.ts', () => {
  it('exports the workflows by name, and nothing else (no validators, no helpers)', () => {
    expect(Object.keys(workflows).sort()).toEqual([
      'accessRequest',
      'applicant',
      'breach',
      'breachMailing',
      'caseMailing',
      'duty',
      'erasureRequest',
      'intake',
      'objection',
      'platformCheck',
      'rectificationRequest',
      'retention',
      'transfer',
    ]);
  });
});
