// The public surface of the engine. It knows nothing about Kafka: any finite transition system will do.
export type {
  ActionLike,
  CheckOptions,
  CheckpointOptions,
  ModelSource,
  CheckResult,
  Encoder,
  Model,
  Progress,
  PropertyKind,
  PropertyVerdict,
  StatePredicate,
  Stats,
  Step,
  StepPredicate,
  StopReason,
  Trace,
  Violation,
} from './model.js'
export { check, DEFAULT_FRONTIER_SPILL_BYTES } from './check.js'
export { WorkerPool } from './pool.js'
export { CheckpointError, checkResumable } from './checkpoint.js'
export { withGenericEncoding } from './model.js'
export { DEADLOCK } from './properties.js'
export { randomWalk, simulate } from './simulate.js'
export type { SimulateOptions, SimulatedViolation, SimulationResult, SimulationStats } from './simulate.js'
export { FingerprintEncoder } from './fingerprint.js'
export type { ArraySchema, RecordSchema, Schema } from './schema.js'
export { costToGoal } from './costToGoal.js'
export type { CostBounds, CostCut, CostRole, CostToGoalOptions, CostToGoalResult } from './costToGoal.js'
