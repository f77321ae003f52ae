/**
 * The local Step Functions engine: runs JSONata ASL definitions in process, faithful to AWS.
 * `runExecution(definition, input, options)` is the entry point; the contract types live in
 * `api.ts`. See docs/engine.md.
 */

export { seededRandom } from '../asl/sfn-functions.ts';
export * from './api.ts';
export * from './errors.ts';
export {
  type MockConfig,
  type MockedAnswer,
  type MockedRange,
  mockedStateIntegrations,
  type ParsedMockConfig,
  parseMockConfig,
  unknownMockedStates,
} from './mock-config.ts';
export type { RetrierModel } from './model.ts';
export { retryDelayMs } from './retry.ts';
export { runExecution } from './run.ts';
export { SfnApiError } from './sfn-api-error.ts';
export { applySubstitutions } from './substitute.ts';
export { TaskTokens, type TaskTokensOptions, type WaitingTask } from './task-tokens.ts';
export {
  type InspectionData,
  type InspectionLevel,
  type TestStateRequest,
  TestStateRequestError,
  type TestStateResult,
  type TestStateStatus,
  testState,
} from './test-state.ts';
export { validateDefinition } from './validate.ts';
