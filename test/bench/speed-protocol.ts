import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import '@tensorflow/tfjs-backend-wasm';
import { Rng } from '../../harness/data/random.js';
import type { Dataset } from '../../harness/data/types.js';
import { medianOf, timeInterleaved } from '../../harness/measure/speed-protocol.js';
import { measureSpeed, speedSettings } from '../../harness/measure/speed.js';
import { predictProbs } from '../../harness/models/train.js';

const REPEATS = 5;

/** The quickstart's shape: 24 features, 4 classes, 1,091 test rows. */
function quickstartShapedData(): Dataset {
  const rng = new Rng(1);
  const n = 1091;
  const split = { x: Float32Array.from({ length: n * 24 }, () => rng.next()), y: Int32Array.from({ length: n }, () => rng.int(4)), n };
  return {
    name: 'noise',
    hash: 'noise',
    inputShape: [24],
    inputKind: 'float',
    featureNames: [],
    classNames: ['a', 'b', 'c', 'd'],
    train: split,
    test: split,
  };
}

/**
 * Benchmarks the speed protocol itself: its per-call overhead (a no-op function, and an identity
 * tfjs model whose call is only prediction plumbing and read-back), and how far 5 repeated
 * self-speedups of the quickstart MLP (24 → 64 → 32 → 4, batch 256, default protocol settings)
 * stray from 1 (target: within ±5%). Prints and returns the figures.
 */
export async function benchSpeedProtocol(): Promise<Record<string, number>> {
  await tf.setBackend('wasm');
  await tf.ready();
  const settings = speedSettings.parse({});

  const noop = timeInterleaved(
    () => {},
    () => {},
    { ...settings, minTimeMs: 0, minRounds: 100_000, maxRounds: 100_000 },
  );
  const noopNs = medianOf(noop.b) * 1e6;

  const identity = tf.sequential({ layers: [tf.layers.activation({ inputShape: [24], activation: 'linear' })] });
  const x = tf.zeros([settings.batch, 24]);
  const call = (): void => {
    const y = identity.predict(x) as tf.Tensor;
    y.dataSync();
    y.dispose();
  };
  const identityUs = medianOf(timeInterleaved(call, call, settings).b) * 1e3;
  x.dispose();
  identity.dispose();

  const ds = quickstartShapedData();
  const mlp = tf.sequential({
    layers: [
      tf.layers.dense({ inputShape: [24], units: 64, activation: 'relu' }),
      tf.layers.dense({ units: 32, activation: 'relu' }),
      tf.layers.dense({ units: 4, activation: 'softmax' }),
    ],
  });
  // As in a run, the model has predicted the test split (quality figures) before it is timed.
  predictProbs(mlp, ds.test, ds.inputShape);
  const devs: number[] = [];
  let covered = 0;
  let noisy = 0;
  for (let r = 0; r < REPEATS; r++) {
    const s = measureSpeed(mlp, mlp, ds, { ...settings, latencyRounds: 0 }, r);
    devs.push(Math.abs(s.speedup.value - 1));
    if (s.speedup.ci[0] <= 1 && 1 <= s.speedup.ci[1]) covered++;
    if (s.noisy) noisy++;
    process.stdout.write(
      `  self-speedup ${r + 1}/${REPEATS}: ${s.speedup.value.toFixed(4)} [${s.speedup.ci.map((v) => v.toFixed(4)).join(', ')}], ${s.rounds} rounds${s.noisy ? ', noisy' : ''}\n`,
    );
  }
  mlp.dispose();

  const figures = {
    protocolNoopNs: noopNs,
    identityModelUs: identityUs,
    selfSpeedupMedianAbsDev: medianOf(devs),
    selfSpeedupMaxAbsDev: Math.max(...devs),
    selfSpeedupCiContains1: covered,
    selfSpeedupNoisy: noisy,
  };
  process.stdout.write(
    `speed protocol: no-op call ${noopNs.toFixed(0)} ns, identity model call ${identityUs.toFixed(1)} µs (batch ${settings.batch}); ` +
      `self-speedup |x - 1| median ${(figures.selfSpeedupMedianAbsDev * 100).toFixed(2)}%, max ${(figures.selfSpeedupMaxAbsDev * 100).toFixed(2)}% ` +
      `(target ±5%), CI contains 1 in ${covered}/${REPEATS}\n`,
  );
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchSpeedProtocol();
