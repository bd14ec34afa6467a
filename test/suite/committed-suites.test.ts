import { expect } from 'chai';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { resolveTolerances } from '../../harness/compare/settings.js';
import { ROOT } from '../helpers/paths.js';

describe('committed suites', () => {
  const files = readdirSync(join(ROOT, 'suites'))
    .filter((f) => f.endsWith('.yaml'))
    .map((f) => join(ROOT, 'suites', f));

  it('compare speed with a tolerance of at most 10%', () => {
    const loose = files
      .map((f) => ({ f, tol: resolveTolerances(f, f).tolerances.speedTolerance }))
      .filter(({ tol }) => tol > 0.1)
      .map(({ f, tol }) => `${f}: ${tol}`);
    expect(loose).to.deep.equal([]);
  });
});
