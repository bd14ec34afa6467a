import { expect } from 'chai';
import { CLAIM_ROOTS, GATE_ROOTS, METRIC_FIELDS, rootOf } from '../../harness/results/metrics.js';
import { cellRecord, runRecord } from '../../harness/results/record.js';
import { inputErrorOf, suiteOf } from '../helpers/suite.js';

const PRUNED = ['variants:', '  - {name: pruned, method: prune, settings: {sparsity: 0.5}}'].join('\n');
const claim = (field: string) => [PRUNED, 'claim:', '  text: pruning keeps accuracy', '  source: a paper', '  figure: 99%', '  figures:', `    - {label: kept, variant: pruned, field: ${field}, format: percent}`].join('\n');

describe('results/metrics', () => {
  it('takes the root of a dotted or indexed path', () => {
    expect(rootOf('retention.accuracy')).to.equal('retention');
    expect(rootOf('aggregates[].figures')).to.equal('aggregates');
    expect(rootOf('mcnemarP')).to.equal('mcnemarP');
  });

  it('names only fields the record schema has', () => {
    const cellKeys = Object.keys(cellRecord.shape);
    const runKeys = Object.keys(runRecord.shape);
    for (const f of METRIC_FIELDS) expect(f.scope === 'cell' ? cellKeys : runKeys, f.path).to.include(rootOf(f.path));
  });

  it('lets gates check the quality, size, speed, per-runtime, paired, control, divergence, timing and LLM fields of a cell', () => {
    expect([...GATE_ROOTS].sort()).to.deep.equal(['delta', 'fidelity', 'flips', 'flops', 'kl', 'llm', 'mcnemarP', 'quality', 'retention', 'runtimes', 'size', 'speed', 'timings', 'tv', 'vsControl']);
  });

  it('lets claim figures also name what a method reports', () => {
    expect([...CLAIM_ROOTS].sort()).to.deep.equal([...GATE_ROOTS, 'methodInfo'].sort());
  });

  it('documents every family of a figure once', () => {
    const paths = METRIC_FIELDS.map((f) => f.path);
    expect(new Set(paths).size).to.equal(paths.length);
  });

  it('accepts a claim figure on a record field and rejects one outside the table, at its place', () => {
    expect(suiteOf(claim('methodInfo.control.accuracy')).spec.claim?.figures[0].field).to.equal('methodInfo.control.accuracy');
    const msg = inputErrorOf(() => suiteOf(claim('accuracy')), 'suite-invalid');
    expect(msg).to.match(/:17:\d+ unknown field 'accuracy'; a claim figure's field starts with one of: quality, /);
  });

  it('accepts a claim figure on the speedup of one runtime', () => {
    expect(suiteOf(claim('runtimes.onnxruntime.speed.speedup')).spec.claim?.figures[0].field).to.equal('runtimes.onnxruntime.speed.speedup');
  });

  it('rejects a gate check outside the table, naming the roots', () => {
    const msg = inputErrorOf(() => suiteOf([PRUNED, 'gates:', '  - variant: pruned', '    checks: {accuracy: ">= 0.9"}'].join('\n')), 'suite-invalid');
    expect(msg).to.match(/unknown check 'accuracy'; a check starts with one of: quality, retention/);
  });
});
