import * as tf from '@tensorflow/tfjs';

/** What a matmul calibration measured. */
export interface MatmulCalibration {
  /** GFLOP/s of a square float32 matmul (2·n³ FLOPs a call) from the median call time. */
  gflops: number;
  /** Side of the square matrices. */
  size: number;
  /** Timed calls. */
  rounds: number;
  /** Median milliseconds of one call, including the read-back of the result. */
  medianMs: number;
}

/** A fixed matmul workload to time beside other work: `call` runs one product, `flops` per call. */
export interface MatmulProbe {
  call: () => void;
  flops: number;
  dispose: () => void;
}

/** A `size × size` float32 matmul (with read-back) on the current backend; dispose it after use. */
export function matmulProbe(size = 128): MatmulProbe {
  const a = tf.randomUniform([size, size], -1, 1, 'float32', 1);
  const b = tf.randomUniform([size, size], -1, 1, 'float32', 2);
  return {
    call: () => {
      const c = tf.matMul(a, b);
      c.dataSync();
      c.dispose();
    },
    flops: 2 * size ** 3,
    dispose: () => {
      a.dispose();
      b.dispose();
    },
  };
}

/**
 * Times `size × size` float32 matrix products on the current tfjs backend for about `timeMs`
 * milliseconds (after two untimed calls) and reports GFLOP/s. A run records it so that absolute
 * times from different machines can be put on one scale.
 */
export function calibrateMatmul(opts: { size?: number; timeMs?: number; minRounds?: number } = {}): MatmulCalibration {
  const { size = 256, timeMs = 300, minRounds = 5 } = opts;
  const { call, flops, dispose } = matmulProbe(size);
  try {
    call();
    call();
    const times: number[] = [];
    const start = performance.now();
    while (times.length < minRounds || performance.now() - start < timeMs) {
      const t0 = performance.now();
      call();
      times.push(performance.now() - t0);
    }
    times.sort((x, y) => x - y);
    const mid = times.length >> 1;
    const medianMs = times.length % 2 ? times[mid] : (times[mid - 1] + times[mid]) / 2;
    return { gflops: flops / (medianMs * 1e6), size, rounds: times.length, medianMs };
  } finally {
    dispose();
  }
}
