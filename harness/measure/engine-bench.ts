import * as tf from '@tensorflow/tfjs';
import { lenet300100, lenet5 } from '../models/lenet.js';
import type { DataShape } from '../models/types.js';
import { initBackend } from '../models/backend.js';
import { calibrateMatmul } from '../engine/calibrate.js';
import { trainStepMs } from './train-step-bench.js';

/** What `slimbench bench-engine` measures. */
export interface EngineBench {
  backend: string;
  /** Best square float32 matmul GFLOP/s over several sizes, on `backend`. */
  matmulGflops: number;
  matmul: { size: number; gflops: number }[];
  /** Median ms per forward pass, per backend, model and batch size. */
  inference: Record<string, Record<'mlp' | 'cnn', Record<'batch1' | 'batch256', number>>>;
  /** ms of one batch-256 LeNet-5 training step, per backend timed. */
  trainStepMs: Record<string, number>;
  /** cpu time / wasm time of the CNN's batch-256 inference. */
  cpuRatio: number | null;
  /** cpu time / wasm time of the CNN's batch-256 training step. */
  trainCpuRatio: number | null;
}

const DIGITS: DataShape = { inputShape: [28, 28, 1], inputKind: 'float', classNames: Array.from({ length: 10 }, (_, i) => String(i)) };

/** Median ms of `rounds` forward passes of `model` at `batch` (after two untimed passes). */
function inferenceMs(model: tf.LayersModel, batch: number, rounds: number): number {
  const x = tf.randomUniform([batch, 28, 28, 1], 0, 1, 'float32', 3);
  const once = () => {
    const t0 = performance.now();
    const y = model.predict(x) as tf.Tensor;
    y.dataSync();
    y.dispose();
    return performance.now() - t0;
  };
  try {
    once();
    once();
    const times = Array.from({ length: rounds }, once).sort((a, b) => a - b);
    return times[times.length >> 1];
  } finally {
    x.dispose();
  }
}

/** Inference figures of the LeNet-300-100 MLP and the LeNet-5 CNN on the current backend. */
function inferenceFigures(slowBackend: boolean): Record<'mlp' | 'cnn', Record<'batch1' | 'batch256', number>> {
  const out = {} as Record<'mlp' | 'cnn', Record<'batch1' | 'batch256', number>>;
  for (const [name, arch] of [
    ['mlp', lenet300100],
    ['cnn', lenet5],
  ] as const) {
    const model = arch.build(DIGITS, arch.settings.parse({}), 1);
    out[name] = { batch1: inferenceMs(model, 1, slowBackend ? 5 : 30), batch256: inferenceMs(model, 256, slowBackend ? 3 : 10) };
    model.dispose();
  }
  return out;
}

/**
 * Engine microbenchmarks: matmul throughput, inference per backend, a training step on wasm
 * (and on cpu unless `skipCpuTrain`, since one cpu step of LeNet-5 at batch 256 takes minutes).
 */
export async function benchEngine(
  opts: { backend?: 'auto' | 'wasm' | 'tensorflow' | 'cpu'; skipCpuTrain?: boolean; log?: (m: string) => void } = {},
): Promise<EngineBench> {
  const log = opts.log ?? (() => {});
  const backend = await initBackend(opts.backend ?? 'auto', log);
  log(`matmul on ${backend}`);
  const matmul = [128, 256, 512, 1024].map((size) => ({ size, gflops: calibrateMatmul({ size, timeMs: 400 }).gflops }));
  const inference: EngineBench['inference'] = {};
  const trainStep: Record<string, number> = {};
  for (const name of ['tensorflow', 'wasm', 'cpu']) {
    if (name !== backend && !(name === 'cpu' || name === 'wasm')) continue;
    try {
      await initBackend(name as 'wasm' | 'cpu' | 'tensorflow');
    } catch {
      continue;
    }
    log(`inference on ${name}`);
    inference[name] = inferenceFigures(name === 'cpu');
  }
  log('training step on wasm');
  trainStep.wasm = await trainStepMs('wasm', 256);
  if (!opts.skipCpuTrain) {
    log('training step on cpu (slow)');
    trainStep.cpu = await trainStepMs('cpu', 256);
  }
  await initBackend(backend as 'wasm');
  return {
    backend,
    matmulGflops: Math.max(...matmul.map((m) => m.gflops)),
    matmul,
    inference,
    trainStepMs: trainStep,
    cpuRatio: inference.cpu && inference.wasm ? inference.cpu.cnn.batch256 / inference.wasm.cnn.batch256 : null,
    trainCpuRatio: trainStep.cpu ? trainStep.cpu / trainStep.wasm : null,
  };
}
