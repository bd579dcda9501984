// The worker's workflowsPath: every process workflow, re-exported.
export * from './platform-check';
export * from './access-request';
