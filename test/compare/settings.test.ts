import { expect } from 'chai';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEFAULT_COMPARE, resolveTolerances } from '../../harness/compare/settings.js';
import { suiteSpec } from '../../harness/suite/schema.js';
import { tempDir } from './helpers.js';
import { inputError } from '../helpers/errors.js';

describe('compare tolerances', () => {
  it('default to 1 accuracy point, 10% speed and 0.1% size', () => {
    expect(DEFAULT_COMPARE).to.deep.equal({ accuracyTolerance: 0.01, speedTolerance: 0.1, sizeTolerance: 0.001 });
  });

  it("come from the suite's compare field, defaults filled in", () => {
    const file = join(tempDir(), 's.yaml');
    writeFileSync(file, 'name: s\ncompare:\n  accuracyTolerance: 0.02\n');
    expect(resolveTolerances('elsewhere.yaml', file).tolerances).to.deep.equal({ ...DEFAULT_COMPARE, accuracyTolerance: 0.02 });
  });

  it('fall back to the defaults when the suite file the record names is gone', () => {
    const r = resolveTolerances(join(tempDir(), 'gone.yaml'));
    expect(r.tolerances).to.deep.equal(DEFAULT_COMPARE);
    expect(r.source).to.match(/not found/);
  });

  it('reject an invalid compare field naming the file and the field', () => {
    const file = join(tempDir(), 's.yaml');
    writeFileSync(file, 'name: s\ncompare:\n  speedTolerance: -1\n');
    expect(inputError(() => resolveTolerances(file), 'suite-schema').message).to.match(/s\.yaml: at 'compare\.speedTolerance'/);
  });

  it('are part of the suite schema', () => {
    const shape = suiteSpec.shape as Record<string, unknown>;
    expect(shape).to.have.property('compare');
  });
});
