// The worker's workflowsPath: every process workflow, by name. Every function exported here becomes a workflow
// type that anyone with access to the task queue could start, so nothing but workflows is exported.
export { accessRequest } from './access-request';
export { applicant } from './applicant';
export { breach } from './breach';
export { breachMailing } from './breach-mailing';
export { caseMailing } from './case/mailing';
export { duty } from './duty';
export { erasureRequest } from './erasure';
export { intake } from './intake';
export { objection } from './objection';
export { platformCheck } from './platform-check';
export { rectificationRequest } from './rectification';
export { retention } from './retention';
export { transfer } from './transfer';
