#!/usr/bin/env node
// Writes test/fixtures/models/digits-mlp/: a tfjs layers model (flatten, Dense 16, softmax over
// the classes 0, 1, 7) trained by slimbench on the digit PNGs of scripts/make-image-fixture.mjs,
// the "bring your own model" original of the label-free and edge-check tests.
// Usage: npm run build && node scripts/make-model-fixture.mjs [out_dir]
import { initBackend } from '../dist/harness/engine/backend.js';
import { saveModel } from '../dist/harness/engine/artifact-write.js';
import { loadImages } from '../dist/harness/data/images.js';
import { buildMlp } from '../dist/harness/models/mlp.js';
import { trainModel, trainSettings } from '../dist/harness/models/train.js';

const out = process.argv[2] ?? 'test/fixtures/models/digits-mlp';
await initBackend('wasm');
const data = loadImages({ dir: 'test/fixtures/images/digits', channels: 1, testFraction: 0.25 }, 1, '.');
const model = buildMlp(data, { hidden: [16] }, 1);
const settings = trainSettings.parse({ epochs: 30, batchSize: 8, learningRate: 0.003 });
await trainModel(model, data.train, data, settings, 1);
const info = await saveModel(model, out);
process.stdout.write(`${out}: ${info.totalBytes} bytes, classes ${data.classNames.join(', ')}\n`);
