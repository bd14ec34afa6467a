import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type * as tf from '@tensorflow/tfjs';
import * as ort from 'onnxruntime-node';
import { Rng } from '../../harness/data/random.js';
import { initBackend } from '../../harness/models/backend.js';
import { saveModel } from '../../harness/engine/artifact-write.js';
import { medianOf, pairedSpeedup, timeInterleavedAsync } from '../../harness/measure/speed-protocol.js';
import { speedSettings } from '../../harness/measure/speed.js';
import { buildLenet300100, buildLenet5 } from '../../harness/models/lenet.js';
import { buildMlp } from '../../harness/models/mlp.js';
import { exportGraph } from '../../harness/runtimes/onnx-export.js';
import { quantizeDynamic } from '../../harness/runtimes/onnx-quantize-dynamic.js';
import type { OpSelection } from '../../harness/runtimes/onnx-quantize-select.js';
import { onnxruntime } from '../../harness/runtimes/onnxruntime.js';
import { tfjs } from '../../harness/runtimes/tfjs.js';
import type { LoadedModel } from '../../harness/runtimes/types.js';

const BATCH = 256;
const stats = { resamples: 1000, level: 0.95, seed: 1 };

/**
 * Ratio of the median call times of two sessions from plain `session.run` calls: alternating
 * call by call (`block` 1, the harness's interleaving without the harness), or in alternating
 * blocks of `block` calls (each session's weights stay in cache through its block).
 */
async function bareLoop(a: ort.InferenceSession, b: ort.InferenceSession, x: Float32Array, dims: number[], block: number): Promise<number> {
  const feed = (s: ort.InferenceSession) => ({ [s.inputNames[0]]: new ort.Tensor('float32', x, dims) });
  const fa = feed(a);
  const fb = feed(b);
  const ta: number[] = [];
  const tb: number[] = [];
  for (let i = 0; i < 20; i++) {
    await a.run(fa);
    await b.run(fb);
  }
  for (let k = 0; k < 400 / block; k++) {
    for (const [s, f, t] of k % 2 === 0
      ? ([
          [a, fa, ta],
          [b, fb, tb],
        ] as const)
      : ([
          [b, fb, tb],
          [a, fa, ta],
        ] as const)) {
      for (let i = 0; i < block; i++) {
        const start = performance.now();
        await s.run(f);
        t.push(performance.now() - start);
      }
    }
  }
  return medianOf(ta) / medianOf(tb);
}

/**
 * One thread, batch 256: onnxruntime-node fp32 against tfjs-wasm (target ≥ 4x on LeNet-300-100),
 * dynamic int8 against fp32 on onnxruntime (targets ≥ 2x on LeNet-300-100, ≥ 1.5x on the
 * quickstart MLP), and the harness's int8 speedup against a bare loop over the same two
 * sessions (target within 15%); LeNet-5 (no target) shows where int8 does not pay. Prints and
 * returns the figures.
 */
export async function benchRuntimes(): Promise<Record<string, number>> {
  await initBackend('wasm');
  const settings = speedSettings.parse({});
  const dir = mkdtempSync(join(tmpdir(), 'slimbench-bench-rt-'));
  const figures: Record<string, number> = {};
  // Each model's int8 variant as its suite quantizes it: the quickstart keeps the 24-input first
  // and 4-output last layers float32 (minDim 32), where int8 costs more than it saves; LeNet-300-100
  // quantizes every layer; LeNet-5 (tfjs-quantization) only its Dense layers. "Every layer" is
  // every MatMul and Conv, as onnxruntime's quantize_dynamic does by default.
  const models: [string, string, OpSelection, () => tf.LayersModel][] = [
    [
      'quickstart MLP 24-256-128-4',
      'mlp',
      { ops: ['matmul'], minDim: 32 },
      () =>
        buildMlp(
          { inputKind: 'float', inputShape: [24], classNames: ['a', 'b', 'c', 'd'] },
          { hidden: [256, 128], activation: 'relu', dropout: 0 },
          1,
        ),
    ],
    [
      'LeNet-300-100',
      'lenet300',
      { ops: ['matmul', 'conv'], minDim: 0 },
      () => buildLenet300100({ inputKind: 'float', inputShape: [784], classNames: [...'0123456789'] }, { width: 1 }, 1),
    ],
    [
      'LeNet-5',
      'lenet5',
      { ops: ['matmul'], minDim: 0 },
      () => buildLenet5({ inputKind: 'float', inputShape: [28, 28], classNames: [...'0123456789'] }, { width: 1 }, 1),
    ],
  ];
  try {
    for (const [label, key, sel, build] of models) {
      const model = build();
      const shape = model.inputs[0].shape.slice(1) as number[];
      const width = shape.reduce((a, b) => a * b, 1);
      const rng = new Rng(3);
      const x = Float32Array.from({ length: BATCH * width }, () => rng.next());
      await saveModel(model, join(dir, key));
      const g = exportGraph(model);
      writeFileSync(join(dir, `${key}.onnx`), g.encode('bench'));
      const all = exportGraph(model);
      const every = quantizeDynamic(all, { perChannel: false, ops: ['matmul', 'conv'], minDim: 0 });
      writeFileSync(join(dir, `${key}.int8-all.onnx`), all.encode('bench'));
      const chosen = quantizeDynamic(g, { perChannel: false, ...sel });
      const partial = JSON.stringify(every.quantized) !== JSON.stringify(chosen.quantized);
      writeFileSync(join(dir, `${key}.int8.onnx`), g.encode('bench'));
      model.dispose();
      const opts = { threads: 1, inputShape: shape };
      const tfjsModel = await tfjs.load({ format: 'tfjs-layers', path: join(dir, key, 'model.json') }, { ...opts, backend: 'wasm' });
      const fp32 = await onnxruntime.load({ format: 'onnx', path: join(dir, `${key}.onnx`) }, opts);
      const int8 = await onnxruntime.load({ format: 'onnx', path: join(dir, `${key}.int8.onnx`) }, opts);
      const int8All = await onnxruntime.load({ format: 'onnx', path: join(dir, `${key}.int8-all.onnx`) }, opts);
      const cross = await timeInterleavedAsync(
        () => tfjsModel.predict(x, BATCH),
        () => fp32.predict(x, BATCH),
        settings,
      );
      const ortVsTfjs = pairedSpeedup(cross, stats);
      const harness = pairedSpeedup(await onnxruntime.timePair(fp32, int8, x, BATCH, settings), stats);
      const everyLayer = partial ? pairedSpeedup(await onnxruntime.timePair(fp32, int8All, x, BATCH, settings), stats) : harness;
      const sessionOpts = {
        intraOpNumThreads: 1,
        interOpNumThreads: 1,
        executionMode: 'sequential' as const,
        graphOptimizationLevel: 'all' as const,
      };
      const a = await ort.InferenceSession.create(join(dir, `${key}.onnx`), sessionOpts);
      const b = await ort.InferenceSession.create(join(dir, `${key}.int8.onnx`), sessionOpts);
      const bare = await bareLoop(a, b, x, [BATCH, ...shape], 1);
      const blocks = await bareLoop(a, b, x, [BATCH, ...shape], 20);
      await Promise.all([a.release(), b.release()]);
      for (const m of [tfjsModel, fp32, int8, int8All] as LoadedModel[]) await m.dispose();
      const ci = (e: { ci: [number, number] }) => `[${e.ci.map((v) => v.toFixed(2)).join(', ')}]`;
      process.stdout.write(
        `${label}: onnxruntime fp32 vs tfjs-wasm ${ortVsTfjs.value.toFixed(2)}x ${ci(ortVsTfjs)}; ` +
          `int8 onnx-dynamic (${JSON.stringify(chosen.quantized)} int8) vs onnxruntime fp32 ${harness.value.toFixed(2)}x ${ci(harness)}` +
          (partial ? ` (every MatMul and Conv int8: ${everyLayer.value.toFixed(2)}x ${ci(everyLayer)})` : '') +
          ` (bare loop alternating calls ${bare.toFixed(2)}x, harness/bare ${(harness.value / bare).toFixed(3)}; bare loop in blocks of 20 calls, weights kept in cache, ${blocks.toFixed(2)}x)\n`,
      );
      Object.assign(figures, {
        [`${key}OrtVsTfjs`]: ortVsTfjs.value,
        [`${key}Int8VsFp32`]: harness.value,
        [`${key}Int8VsFp32Bare`]: bare,
        [`${key}HarnessOverBare`]: harness.value / bare,
        [`${key}Int8VsFp32Blocks`]: blocks,
        [`${key}Int8EveryLayerVsFp32`]: everyLayer.value,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `targets: LeNet-300-100 ort/tfjs ≥ 4 (${figures.lenet300OrtVsTfjs.toFixed(2)}), int8/fp32 ≥ 2 (${figures.lenet300Int8VsFp32.toFixed(2)}); ` +
      `MLP int8/fp32 ≥ 1.5 (${figures.mlpInt8VsFp32.toFixed(2)}); harness within 15% of a bare loop (${figures.mlpHarnessOverBare.toFixed(3)}, ${figures.lenet300HarnessOverBare.toFixed(3)})\n`,
  );
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchRuntimes();
