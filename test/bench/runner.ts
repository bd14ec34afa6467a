import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';
import { runCli } from '../helpers/cli.js';
import { ROOT } from '../helpers/paths.js';

/** 2 seeds x (original + 8 pruned variants) = 18 cells on the quickstart's data and model. */
function sweepSuite(): string {
  return `name: bench-sweep
seed: 7
repeats: 2
dataset:
  source: csv
  file: ${JSON.stringify(join(ROOT, 'datasets/wall-robot-navigation.csv'))}
  label: OUTPUT
model:
  arch: mlp
  settings: {hidden: [64, 32]}
  train: {epochs: 8, batchSize: 32, learningRate: 0.003}
variants:
  - name: pruned
    method: prune
    settings:
      sparsity: [0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9]
`;
}

/**
 * How much parallel CPU this machine gives now: throughput of 2 threads spinning a fixed loop
 * against 1 (2 on two idle cores; near 1 when other load leaves one core's worth). The worker
 * speedup can only be read against it.
 */
async function threadParallelism(): Promise<number> {
  const code = "let x = 0; for (let i = 0; i < 3e8; i++) x += i % 7; require('node:worker_threads').parentPort.postMessage(x);";
  const spin = async (n: number) => {
    const t0 = performance.now();
    await Promise.all(
      Array.from(
        { length: n },
        () =>
          new Promise<void>((resolve) => {
            const w = new Worker(code, { eval: true });
            w.once('message', () => void w.terminate().then(() => resolve()));
          }),
      ),
    );
    return performance.now() - t0;
  };
  return (2 * (await spin(1))) / (await spin(2));
}

async function timed(args: string[]): Promise<number> {
  const t0 = performance.now();
  const r = await runCli(args);
  if (r.code !== 0 && r.code !== 1) throw new Error(`slimbench ${args.join(' ')} exited ${r.code}:\n${r.stderr}`);
  return (performance.now() - t0) / 1000;
}

/**
 * Benchmarks the runner through the real CLI: a cold quickstart run against an unchanged rerun
 * served from the cache (target: rerun <= 5% of cold), and an 18-cell sweep on 1 worker against
 * 2 workers (target: >= 1.6x on 2 idle cores), beside how much parallel CPU the machine gives at
 * the moment. Prints and returns the figures (seconds and ratios).
 */
export async function benchRunner(): Promise<Record<string, number>> {
  const tmp = mkdtempSync(join(tmpdir(), 'slimbench-bench-runner-'));
  try {
    const qs = ['run', join(ROOT, 'suites/quickstart.yaml'), '--out', join(tmp, 'qs'), '--cache-dir', join(tmp, 'qs-cache')];
    const coldS = await timed(qs);
    const rerunS = await timed(qs);
    // The floor of any command: node, module imports and loading the suite.
    const floorS = await timed(['validate', join(ROOT, 'suites/quickstart.yaml')]);
    const suite = join(tmp, 'sweep.yaml');
    writeFileSync(suite, sweepSuite());
    const sweep = (w: number) => [
      'run',
      suite,
      '--out',
      join(tmp, `sweep-${w}`),
      '--cache-dir',
      join(tmp, `sweep-cache-${w}`),
      '--workers',
      String(w),
    ];
    const oneWorkerS = await timed(sweep(1));
    const twoWorkersS = await timed(sweep(2));
    const parallelism = await threadParallelism();
    const figures = {
      quickstartColdS: coldS,
      quickstartRerunS: rerunS,
      rerunShareOfCold: rerunS / coldS,
      cliStartupS: floorS,
      sweep18Workers1S: oneWorkerS,
      sweep18Workers2S: twoWorkersS,
      speedup2Workers: oneWorkerS / twoWorkersS,
      machineThreadParallelism: parallelism,
    };
    process.stdout.write(
      [
        'runner benchmark',
        `  quickstart cold run        ${coldS.toFixed(1)} s`,
        `  quickstart unchanged rerun ${rerunS.toFixed(1)} s = ${(figures.rerunShareOfCold * 100).toFixed(1)}% of cold (target <= 5%)`,
        `  of which CLI startup       ${floorS.toFixed(1)} s (slimbench validate: node, imports, suite)`,
        `  18-cell sweep, 1 worker    ${oneWorkerS.toFixed(1)} s`,
        `  18-cell sweep, 2 workers   ${twoWorkersS.toFixed(1)} s = ${figures.speedup2Workers.toFixed(2)}x (target >= 1.6x)`,
        `  machine: 2 busy threads run ${parallelism.toFixed(2)}x as fast as 1 now (2.00 on two idle cores)`,
        '',
      ].join('\n'),
    );
    return figures;
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await benchRunner();
