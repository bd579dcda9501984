import { randomUUID } from 'node:crypto';
import { WorkflowFailedError } from '@temporalio/client';
import { PrivacyloketError } from '../../lib/errors';
import { connectClient, temporalAddress } from '../../services/client';
import { loadConfig } from '../../services/config';
import type { platformCheck } from '../../workflows';
import { parse } from '../args';
import type { Command } from '../main';
import { output } from '../output';

export const status: Command = {
  usage: 'status',
  summary: 'Run a platform check through Temporal, a worker and the database.',
  async run(args) {
    const { json } = parse(args, {});
    const config = loadConfig();
    const client = await connectClient(config);
    const started = Date.now();
    try {
      const result = await client.workflow.execute<typeof platformCheck>('platformCheck', {
        taskQueue: config.temporal.taskQueue,
        workflowId: `platform-check-${randomUUID()}`,
        args: [{ echo: 'ok' }],
        workflowExecutionTimeout: '15 seconds',
      });
      const report = {
        temporal: temporalAddress(config),
        taskQueue: config.temporal.taskQueue,
        ...result,
        ms: Date.now() - started,
      };
      output(
        json,
        report,
        () => `Temporal, worker and database answer (${report.ms} ms; audit event ${result.auditEventId}).`,
      );
      return 0;
    } catch (error) {
      if (!(error instanceof WorkflowFailedError)) throw error;
      throw new PrivacyloketError(
        'unavailable',
        `No worker finished the check within 15 seconds on task queue ${config.temporal.taskQueue} at ${temporalAddress(config)}: is \`npm start\` (or \`npm run worker\`) running?`,
      );
    } finally {
      await client.connection.close();
    }
  },
};
