import type { Argv } from 'yargs';
import { BACKENDS, type BackendChoice } from '../engine/backend.js';
import { benchEngine, type EngineBench } from '../measure/engine-bench.js';
import { handle, progress } from './handle.js';

function text(b: EngineBench): string {
  const lines = [
    `backend: ${b.backend}`,
    `matmul: best ${b.matmulGflops.toFixed(1)} GFLOP/s (${b.matmul.map((m) => `${m.size}: ${m.gflops.toFixed(1)}`).join(', ')})`,
  ];
  for (const [backend, models] of Object.entries(b.inference)) {
    for (const [model, t] of Object.entries(models))
      lines.push(`inference ${backend} ${model}: batch 1 ${t.batch1.toFixed(2)} ms, batch 256 ${t.batch256.toFixed(1)} ms`);
  }
  for (const [backend, ms] of Object.entries(b.trainStepMs))
    lines.push(`LeNet-5 training step (batch 256) on ${backend}: ${ms.toFixed(0)} ms`);
  if (b.cpuRatio !== null) lines.push(`cpu / wasm, CNN inference batch 256: ${b.cpuRatio.toFixed(1)}x`);
  if (b.trainCpuRatio !== null) lines.push(`cpu / wasm, CNN training step: ${b.trainCpuRatio.toFixed(1)}x`);
  return `${lines.join('\n')}\n`;
}

/** `slimbench bench-engine` */
export function benchEngineCommand(y: Argv): Argv {
  return y.command(
    'bench-engine',
    'engine microbenchmarks: matmul GFLOP/s, inference per backend, training step wasm vs cpu',
    (a) =>
      a
        .option('json', { type: 'boolean', default: false, describe: 'print one JSON object' })
        .option('backend', { choices: BACKENDS, default: 'auto' as BackendChoice, describe: 'backend of the matmul figure' })
        .option('skip-cpu-train', { type: 'boolean', default: false, describe: 'skip the cpu training step (it takes minutes)' }),
    (args) =>
      handle(async () => {
        const b = await benchEngine({ backend: args.backend as BackendChoice, skipCpuTrain: args['skip-cpu-train'], log: progress });
        process.stdout.write(args.json ? `${JSON.stringify(b)}\n` : text(b));
      }),
  );
}
