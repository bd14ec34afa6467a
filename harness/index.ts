/**
 * The public API of slimbench: what the CLI calls, for scripts that drive the harness directly.
 * Each stage takes plain data in and hands plain data on.
 */
export { InputError, isInputError, INPUT_ERROR_CODES, type InputErrorCode } from './errors.js';

export { loadSuite, type LoadedSuite } from './suite/load.js';
export { expandPlan, type Cell, type Plan } from './suite/plan.js';
export { suiteSpec, type SuiteSpec } from './suite/schema.js';

export { datasets, getDataSource, type DataSource } from './data/index.js';
export type { Dataset, Split } from './data/types.js';
export { archs, getArch } from './models/index.js';
export { archSpecs, getArchSpec } from './models/specs.js';
export type { ArchSpec } from './models/spec.js';
export type { Architecture } from './models/types.js';
export { trainModel, predictProbs, type TrainSettings } from './models/train.js';
export { methods, getMethod } from './methods/index.js';
export { methodSpecs, getMethodSpec } from './methods/specs.js';
export type { MethodSpec } from './methods/spec.js';
export type { CompressionMethod, MethodContext, MethodResult, WeightEncoding } from './methods/types.js';

export { BACKENDS, type BackendChoice } from './engine/backend.js';
export { initBackend } from './models/backend.js';
export { saveModel, type ArtifactInfo } from './engine/artifact-write.js';
export { loadModel, readArtifact } from './engine/artifact-read.js';
export { registerWasmTrainingKernels } from './engine/kernels/index.js';
export { benchEngine, type EngineBench } from './measure/engine-bench.js';

export { evaluate, evaluatePredictions } from './measure/evaluate.js';
export { measureSize } from './measure/size.js';
export { measureSpeed } from './measure/speed.js';
export { measureFlops } from './measure/flops.js';

export { runSuite, type RunOutcome } from './runner/run-suite.js';
export type { SuiteRunOptions } from './runner/options.js';

export { runRecord, type RunRecord, type CellRecord, type GateRecord } from './results/record.js';
export { readRecord, writeRecord } from './results/store.js';
export { writeFileAtomic } from './io/write-atomic.js';
export { mergeShards } from './results/merge.js';
export { updateBaseline, baselinePath } from './results/baseline.js';
export { suiteHistory, listRuns, listSuites } from './compare/history.js';

export { compareRuns } from './compare/compare.js';
export { buildSite } from './report/site.js';

export { runtimes, getRuntime } from './runtimes/index.js';
export { RUNTIME_NAMES, type RuntimeName } from './runtimes/names.js';
export type { Runtime, LoadedModel, ModelArtifact, RuntimeOptions, Availability, ArtifactFormat } from './runtimes/types.js';
export { exportOnnx, exportGraph, layerExporters } from './runtimes/onnx-export.js';
export { parityOf, fp32ParityHolds, FP32_PARITY, type ParityFigures } from './runtimes/parity.js';
export { firstDivergentLayer, type Divergence } from './runtimes/divergence.js';
