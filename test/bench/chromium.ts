import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { Rng } from '../../harness/data/random.js';
import { saveModel } from '../../harness/engine/artifact-write.js';
import { initBackend } from '../../harness/engine/backend.js';
import { medianOf, timeInterleaved } from '../../harness/measure/speed-protocol.js';
import { speedSettings } from '../../harness/measure/speed.js';
import { buildLenet300100, lenetSettings } from '../../harness/models/lenet.js';
import { buildMlp, mlpSettings } from '../../harness/models/mlp.js';
import { chromiumAvailability } from '../../harness/runtimes/chromium/browser.js';
import { chromiumTfjs, closeChromium } from '../../harness/runtimes/chromium/index.js';

/** Alternations of the Node and the Chromium measurement per model (their median ratio is printed). */
const REPEATS = 7;
/** The quickstart suite's hidden layers (24 → 256 → 128 → 4). */
const HIDDEN = [256, 128];

/** Median batch call time (ms) of `model` in Node on tfjs-wasm, timed against itself with the default protocol. */
function nodeMedianMs(model: tf.LayersModel, x: tf.Tensor): number {
  const call = (): void => {
    const y = model.predict(x) as tf.Tensor;
    y.dataSync();
    y.dispose();
  };
  const t = timeInterleaved(call, call, speedSettings.parse({}));
  return medianOf([...t.a, ...t.b]);
}

/**
 * tfjs-wasm inside headless Chromium against tfjs-wasm in Node on the same models (the quickstart
 * MLP 24-256-128-4 and LeNet-300-100, batch 256, one thread): the median batch call time in each, timed
 * with the default protocol (in the page, by the page), and their ratio (target: Chromium within
 * 1.5× of Node). Also the page's load time (fetch + compile + first inference). Prints and
 * returns the figures.
 */
export async function benchChromium(): Promise<Record<string, number>> {
  const availability = await chromiumAvailability();
  if (!availability.available) {
    process.stdout.write(`chromium: not available (${availability.hint})\n`);
    return {};
  }
  await initBackend('wasm');
  const settings = speedSettings.parse({});
  const tmp = mkdtempSync(join(tmpdir(), 'slimbench-bench-chromium-'));
  const figures: Record<string, number> = {};
  const models: [string, number[], () => tf.LayersModel][] = [
    [
      'quickstart-mlp',
      [24],
      () => buildMlp({ inputShape: [24], inputKind: 'float', classNames: ['a', 'b', 'c', 'd'] }, mlpSettings.parse({ hidden: HIDDEN }), 1),
    ],
    [
      'lenet-300-100',
      [28, 28, 1],
      () =>
        buildLenet300100({ inputShape: [28, 28, 1], inputKind: 'float', classNames: '0123456789'.split('') }, lenetSettings.parse({}), 1),
    ],
  ];
  try {
    for (const [name, inputShape, build] of models) {
      const model = build();
      const dir = join(tmp, name);
      await saveModel(model, dir);
      const width = inputShape.reduce((a, b) => a * b, 1);
      const rng = new Rng(5);
      const rows = Float32Array.from({ length: settings.batch * width }, () => rng.next());
      const x = tf.tensor(rows, [settings.batch, ...inputShape]);
      const artifact = { format: 'tfjs-layers' as const, path: join(dir, 'model.json') };
      const a = await chromiumTfjs.load(artifact, { threads: 1, inputShape });
      const b = await chromiumTfjs.load(artifact, { threads: 1, inputShape });
      const ratios: number[] = [];
      let nodeMs = 0;
      let pageMs = 0;
      for (let r = 0; r < REPEATS; r++) {
        nodeMs = nodeMedianMs(model, x);
        const t = await chromiumTfjs.timePair(a, b, rows, settings.batch, settings);
        pageMs = medianOf([...t.a, ...t.b]);
        ratios.push(pageMs / nodeMs);
        process.stdout.write(
          `  ${name} ${r + 1}/${REPEATS}: Node ${nodeMs.toFixed(3)} ms, Chromium ${pageMs.toFixed(3)} ms per batch of ${settings.batch} → ${(pageMs / nodeMs).toFixed(3)}×\n`,
        );
      }
      const ratio = medianOf(ratios);
      figures[`${name}.nodeMs`] = nodeMs;
      figures[`${name}.chromiumMs`] = pageMs;
      figures[`${name}.chromiumOverNode`] = ratio;
      figures[`${name}.chromiumLoadMs`] = a.loadMs;
      process.stdout.write(
        `chromium-tfjs vs tfjs (Node), ${name}, wasm, batch ${settings.batch}: ${ratio.toFixed(3)}× Node's time (target ≤ 1.5×); page load ${a.loadMs.toFixed(1)} ms\n`,
      );
      await a.dispose();
      await b.dispose();
      x.dispose();
      model.dispose();
    }
  } finally {
    await closeChromium();
    rmSync(tmp, { recursive: true, force: true });
  }
  return figures;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchChromium();
