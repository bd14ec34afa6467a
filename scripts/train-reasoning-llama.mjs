#!/usr/bin/env node
// Trains slimbench's reasoning llama (tfjs, wasm), exports it as GGUF F32/F16, quantizes Q8_0/Q4_0
// with gguf-quantize, and prints held-out accuracy per task and format, chance, agreement of
// llama.cpp's greedy answers with tfjs's, next-token log-probability differences and file sizes.
// Usage: npm run build && node scripts/train-reasoning-llama.mjs [--quick] [--steps N] [--out DIR]
//        [--save DIR] [--model DIR [--more N]] [--test N] [--batch N] [--lr X] [--seed N]
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { initBackend } from '../dist/harness/models/backend.js';
import { loadModel } from '../dist/harness/engine/artifact-read.js';
import { saveModel } from '../dist/harness/engine/artifact-write.js';
import { majorityShare } from '../dist/harness/data/arith-chain.js';
import { Rng } from '../dist/harness/data/random.js';
import { trainLlamaLm } from '../dist/harness/models/llama-train.js';
import { registerLlamaLayers } from '../dist/harness/models/llama.js';
import { nextTokenLogits } from '../dist/harness/models/llama-generate.js';
import { greedyAccuracy, reasoningExamples, trainReasoningLlama } from '../dist/harness/models/llama-reasoning.js';
import { REASONING_TASKS } from '../dist/harness/models/llama-reasoning-settings.js';
import { REASONING_CHARS, charVocab } from '../dist/harness/models/llama-vocab.js';
import { ggufQuantize } from '../dist/harness/methods/gguf-quantize.js';
import { exportLlamaGguf } from '../dist/harness/runtimes/llama-export.js';
import { loadLlamaCpp } from '../dist/harness/runtimes/llama-cpp.js';

const { values: o } = parseArgs({
  options: {
    quick: { type: 'boolean' },
    steps: { type: 'string' },
    out: { type: 'string', default: 'results/reasoning-llama' },
    save: { type: 'string' },
    model: { type: 'string' },
    test: { type: 'string' },
    batch: { type: 'string' },
    more: { type: 'string' },
    lr: { type: 'string' },
    seed: { type: 'string', default: '1' },
  },
});
const seed = Number(o.seed);
const nTest = Number(o.test ?? (o.quick ? 20 : 200));
await initBackend('wasm');
registerLlamaLayers();
let model, config, vocab;
if (o.model) {
  model = await loadModel(o.model);
  config = JSON.parse(readFileSync(join(o.model, 'llama-config.json'), 'utf8'));
  vocab = charVocab(REASONING_CHARS);
  if (o.more) {
    // Further training of a saved model (a fresh optimizer with its own warm-up and decay).
    const examples = REASONING_TASKS.flatMap((t) => reasoningExamples(t, 'train', 20000, Rng.derive(seed, t)));
    const r = await trainLlamaLm(
      model,
      vocab,
      examples,
      { steps: Number(o.more), batchSize: Number(o.batch ?? 96), learningRate: Number(o.lr ?? 0.003) },
      seed + 7,
      (s, l) => {
        if (s % 25 === 0) console.log(`step ${s} loss ${l.toFixed(3)}`);
      },
    );
    console.log(`trained ${o.more} more steps in ${(r.trainMs / 1000).toFixed(1)} s, final loss ${r.loss.toFixed(3)}`);
    if (o.save) {
      await saveModel(model, o.save);
      writeFileSync(join(o.save, 'llama-config.json'), JSON.stringify(config));
    }
  }
} else {
  const steps = Number(o.steps ?? (o.quick ? 20 : 400));
  const t0 = performance.now();
  const r = await trainReasoningLlama(
    {
      train: { steps, batchSize: Number(o.batch ?? (o.quick ? 32 : 96)), learningRate: Number(o.lr ?? 0.005) },
      trainSize: o.quick ? 500 : 20000,
    },
    seed,
    (s, l) => {
      if (s % 25 === 0) console.log(`step ${s} loss ${l.toFixed(3)} (${((performance.now() - t0) / (s + 1)).toFixed(0)} ms/step)`);
    },
  );
  ({ model, config, vocab } = r);
  console.log(`trained ${steps} steps in ${(r.trainMs / 1000).toFixed(1)} s, final loss ${r.loss.toFixed(3)}`);
  if (o.save) {
    await saveModel(model, o.save);
    writeFileSync(join(o.save, 'llama-config.json'), JSON.stringify(config));
  }
}
mkdirSync(o.out, { recursive: true });
const f32 = join(o.out, 'reasoning-llama-f32.gguf');
const files = { F32: f32, F16: join(o.out, 'reasoning-llama-f16.gguf') };
const bytes = { F32: exportLlamaGguf(model, config, vocab, f32, 'F32'), F16: exportLlamaGguf(model, config, vocab, files.F16, 'F16') };
for (const type of ['q8_0', 'q4_0']) {
  const r = await ggufQuantize.apply(f32, { type }, { outDir: o.out, seed, log: () => {} });
  files[type.toUpperCase()] = r.path;
  bytes[type.toUpperCase()] = r.fileBytes;
}
const tasks = REASONING_TASKS.map((t) => ({ task: t, examples: reasoningExamples(t, 'test', nTest, seed + 1000) }));
const tfAnswers = {};
for (const { task, examples } of tasks) {
  const { answers, accuracy } = greedyAccuracy(model, vocab, examples);
  tfAnswers[task] = answers;
  console.log(
    `tfjs ${task}: accuracy ${(100 * accuracy).toFixed(1)}% on ${examples.length} held-out prompts; chance (majority answer) ${(100 * majorityShare(examples)).toFixed(1)}%`,
  );
}
const logsm = (v) => {
  const m = Math.max(...v);
  const s = Math.log(v.reduce((a, x) => a + Math.exp(x - m), 0)) + m;
  return v.map((x) => x - s);
};
for (const [fmt, path] of Object.entries(files)) {
  const lm = await loadLlamaCpp(path);
  let maxDelta = 0;
  for (const { examples } of tasks) {
    for (const e of examples.slice(0, 5)) {
      // After "A: ": the position that predicts the first character of the answer (the one
      // before it, the space, is near-certain and says little).
      const prompt = `${e.prompt} `;
      const a = logsm(Array.from(nextTokenLogits(model, vocab, prompt)));
      const p = await lm.nextTokenProbs(prompt);
      for (let i = 0; i < a.length; i++) if (Math.exp(a[i]) > 1e-3) maxDelta = Math.max(maxDelta, Math.abs(Math.log(p[i]) - a[i]));
    }
  }
  const parts = [];
  for (const { task, examples } of tasks) {
    let agree = 0;
    let correct = 0;
    for (let i = 0; i < examples.length; i++) {
      const g = await lm.generate(examples[i].prompt, { maxTokens: 4, seed });
      if (g.text === tfAnswers[task][i]) agree++;
      if (g.text === examples[i].answer) correct++;
    }
    parts.push(
      `${task} acc ${((100 * correct) / examples.length).toFixed(1)}% agree-with-tfjs ${((100 * agree) / examples.length).toFixed(1)}%`,
    );
  }
  console.log(
    `${fmt}: ${bytes[fmt]} bytes (${(bytes[fmt] / bytes.F32).toFixed(3)}x F32); ${parts.join('; ')}; next-token log-prob max |d| vs tfjs ${maxDelta.toFixed(4)}`,
  );
  await lm.dispose();
}
