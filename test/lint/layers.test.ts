import { expect } from 'chai';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT } from '../helpers/paths.js';

/**
 * Runs the project's dependency rules (scripts/depcruise.mjs with .dependency-cruiser.cjs) on a
 * tiny tree of `files` written to a temporary folder laid out like the repository, which is
 * removed afterwards.
 */
function cruise(files: Record<string, string>): { code: number | null; out: string } {
  const dir = mkdtempSync(join(tmpdir(), 'sb-layers-'));
  try {
    writeFileSync(
      join(dir, 'tsconfig.json'),
      JSON.stringify({ compilerOptions: { module: 'NodeNext', moduleResolution: 'NodeNext', strict: true } }),
    );
    symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'), 'dir');
    for (const [path, text] of Object.entries(files)) {
      mkdirSync(dirname(join(dir, path)), { recursive: true });
      writeFileSync(join(dir, path), text);
    }
    const r = spawnSync(
      process.execPath,
      [join(ROOT, 'scripts/depcruise.mjs'), '--config', join(ROOT, '.dependency-cruiser.cjs'), 'harness'],
      { cwd: dir, encoding: 'utf8' },
    );
    return { code: r.status, out: `${r.stdout}${r.stderr}` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('lint: the layer rules of dependency-cruiser', function () {
  this.timeout(60_000);

  it('passes a tree whose imports point down the layer order', () => {
    const { code, out } = cruise({
      'harness/compare/verdict.ts': "import { record } from '../results/record.js';\nexport const verdict = record + 1;\n",
      'harness/results/record.ts': 'export const record = 1;\n',
    });
    expect(code, out).to.equal(0);
  });

  it('fails an upward import (results importing compare) naming the layer rule', () => {
    const { code, out } = cruise({
      'harness/compare/verdict.ts': "import { record } from '../results/record.js';\nexport const verdict = record + 1;\n",
      'harness/results/record.ts':
        "import type { Verdict } from '../compare/types.js';\nexport const record = 1;\nexport type R = Verdict;\n",
      'harness/compare/types.ts': "import { verdict } from './verdict.js';\nexport type Verdict = typeof verdict;\n",
    });
    expect(code).to.equal(1);
    expect(out).to.include('layer-results: harness/results/record.ts → harness/compare/types.ts');
  });

  it('fails a cycle of type-only imports inside one folder naming no-circular', () => {
    const { code, out } = cruise({
      'harness/suite/load.ts': "import type { Plan } from './plan.js';\nexport interface Loaded { plan?: Plan }\n",
      'harness/suite/plan.ts': "import type { Loaded } from './load.js';\nexport interface Plan { suite?: Loaded }\n",
    });
    expect(code).to.equal(1);
    expect(out).to.match(/no-circular: harness\/suite\/(load|plan)\.ts → harness\/suite\/(plan|load)\.ts/);
  });

  it('fails suite/ reaching @tensorflow through a lower layer naming suite-without-tfjs', () => {
    const { code, out } = cruise({
      'harness/suite/schema.ts': "import { train } from '../models/train.js';\nexport const schema = train;\n",
      'harness/models/train.ts': "import * as tf from '@tensorflow/tfjs';\nexport const train = tf.version;\n",
    });
    expect(code).to.equal(1);
    expect(out).to.include('suite-without-tfjs: harness/suite/schema.ts');
  });
});
