// Runs in the page: onnxruntime-web (its `ort.wasm.min.js` bundle, global `ort`) on the wasm execution provider.
import * as tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-web';
import { matmulProbe } from '../../../engine/calibrate.js';
import { timeInterleavedAsync } from '../../../measure/speed-protocol.js';
import { CREATE_FAILED, plainTimes, publish } from './api.js';
import { decodeFloats, encodeFloats } from './codec.js';

declare const ort: typeof Ort;
declare const location: { href: string; origin: string };

interface Entry {
  session: Ort.InferenceSession;
  inputShape: number[];
}

const models = new Map<number, Entry>();
let nextId = 1;

function entry(id: number): Entry {
  const e = models.get(id);
  if (!e) throw new Error(`no model ${id} in the page (disposed?)`);
  return e;
}

/** One `session.run` on `rows`, returning the first output's values (its tensor released). */
async function run({ session, inputShape }: Entry, rows: Float32Array, batch: number): Promise<Float32Array> {
  const input = new ort.Tensor('float32', rows, [batch, ...inputShape]);
  const out = await session.run({ [session.inputNames[0]]: input });
  const first = out[session.outputNames[0]];
  const values = (await first.getData()) as Float32Array;
  for (const t of Object.values(out)) t.dispose();
  return values;
}

ort.env.wasm.wasmPaths = `${location.origin}/lib/ort/`;
ort.env.wasm.numThreads = Number(new URL(location.href).searchParams.get('threads') ?? '1');
ort.env.wasm.proxy = false;
// Creating a session from no bytes starts the wasm runtime and then fails: the runtime's start-up
// stays out of the first model's load time.
await ort.InferenceSession.create(new Uint8Array(0)).then(
  () => undefined,
  () => undefined,
);
// tfjs runs only the calibration probe here, on the backend the harness probes with in Node.
if (!(await tf.setBackend('wasm'))) throw new Error('tfjs backend wasm (for the calibration probe) did not initialise');

publish({
  async load(url, inputShape) {
    const t0 = performance.now();
    const session = await ort.InferenceSession.create(url, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }).catch(
      (err: Error) => {
        throw new Error(`${CREATE_FAILED}: ${err.message}`);
      },
    );
    const e = { session, inputShape };
    await run(e, new Float32Array(inputShape.reduce((p, d) => p * d, 1)), 1).catch(async (err: Error) => {
      await session.release();
      throw new Error(`the first inference on one zero row of shape [${inputShape.join(', ')}] failed: ${err.message}`);
    });
    const loadMs = performance.now() - t0;
    const id = nextId++;
    models.set(id, e);
    return { id, loadMs };
  },
  async predict(id, rows, batch) {
    return encodeFloats(await run(entry(id), decodeFloats(rows), batch));
  },
  async timePair(a, b, rows, batch, protocol, withProbe) {
    const ea = entry(a);
    const eb = entry(b);
    const x = decodeFloats(rows);
    const probe = withProbe ? matmulProbe() : undefined;
    try {
      return plainTimes(
        await timeInterleavedAsync(
          () => run(ea, x, batch),
          () => run(eb, x, batch),
          protocol,
          probe?.call,
        ),
      );
    } finally {
      probe?.dispose();
    }
  },
  async dispose(id) {
    await models.get(id)?.session.release();
    models.delete(id);
  },
});
