// The workflows the worker runs: the case, one decision track per huvudman, and the expediering.
export { caseWorkflow } from './case-workflow';
export { decisionTrackWorkflow } from './decision-track';
export { expedieringWorkflow } from './expediering';
