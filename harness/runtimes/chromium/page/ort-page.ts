// Runs in the page: onnxruntime-web (its `ort.wasm.min.js` bundle, global `ort`) on the wasm execution provider.
import * as tf from '@tensorflow/tfjs';
import type * as Ort from 'onnxruntime-web';
import { CREATE_FAILED } from './api.js';
import { publishEngine } from './host.js';

declare const ort: typeof Ort;
declare const location: { href: string; origin: string };

/** Rows of one call: the tensor is made in each call, as the Node runtime does. */
interface Batch {
  rows: Float32Array;
  batch: number;
  inputShape: number[];
}

/** One `session.run` on `rows`, returning the first output's values (its tensor released). */
async function run(session: Ort.InferenceSession, { rows, batch, inputShape }: Batch): Promise<Float32Array> {
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

publishEngine<Ort.InferenceSession, Batch>({
  sync: false,
  async open(url, inputShape) {
    const session = await ort.InferenceSession.create(url, { executionProviders: ['wasm'], graphOptimizationLevel: 'all' }).catch(
      (err: Error) => {
        throw new Error(`${CREATE_FAILED}: ${err.message}`);
      },
    );
    await run(session, { rows: new Float32Array(inputShape.reduce((p, d) => p * d, 1)), batch: 1, inputShape }).catch(
      async (err: Error) => {
        await session.release();
        throw new Error(`the first inference on one zero row of shape [${inputShape.join(', ')}] failed: ${err.message}`);
      },
    );
    return session;
  },
  input: (rows, batch, inputShape) => ({ rows, batch, inputShape }),
  release: () => {},
  run,
  close: (session) => session.release(),
});
