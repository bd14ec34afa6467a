import { expect } from 'chai';
import { join } from 'node:path';
import type { CellRecord, RunRecord } from '../../harness/results/record.js';
import {
  CLAIMS_END,
  CLAIMS_START,
  cellFigure,
  claimFigure,
  formatFigure,
  formatValue,
  regeneratedReadme,
  renderClaims,
  replaceSection,
  type ClaimRow,
} from '../../harness/report/claims.js';
import { makeRecord } from '../fixtures/records/template.js';
import { ROOT } from '../helpers/paths.js';
import { inputError } from '../helpers/errors.js';

/** A record of one original and a `kd` variant over three seeds, accuracy 0.90, 0.92, 0.94. */
function seededRecord(withAggregate: boolean): RunRecord {
  const record = makeRecord([]);
  const cell = (seed: number, acc: number): CellRecord => ({
    id: `kd#s${seed}`,
    variant: 'kd',
    method: 'distill',
    settings: {},
    seed,
    reference: false,
    status: 'ok',
    quality: { accuracy: { value: acc, ci: [acc - 0.01, acc + 0.01] } },
  });
  record.cells = [cell(1, 0.9), cell(2, 0.92), cell(3, 0.94)];
  if (withAggregate) {
    record.aggregates = [
      {
        variant: 'kd',
        settings: {},
        cells: ['kd#s1', 'kd#s2', 'kd#s3'],
        seeds: [1, 2, 3],
        figures: { 'quality.accuracy': { mean: 0.92, sd: 0.02, ci: [0.87, 0.97], n: 3 } },
      },
    ];
  }
  return record;
}

const row = (gates: ClaimRow['gates'], quick = false): ClaimRow => ({
  suite: 'demo',
  file: join(ROOT, 'suites', 'demo.yaml'),
  claim: {
    text: 'Pruning | keeps accuracy',
    source: 'Someone 2015',
    figure: '12x fewer weights',
    figures: [{ label: 'accuracy', variant: 'p', field: 'quality.accuracy', format: 'percent' }],
  },
  baseline: {
    path: 'baselines/demo.json',
    quick,
    stale: quick,
    ciLevel: 0.95,
    figures: [{ label: 'accuracy', format: 'percent', figure: { value: 0.981, ci: [0.975, 0.987], seeds: 1 } }],
  },
  gates,
});

describe('results/claims', () => {
  it('formats percent, signed points with a minus sign, and ratios', () => {
    expect(formatValue(0.98765, 'percent')).to.equal('98.8%');
    expect(formatValue(-0.004, 'points')).to.equal('−0.4 pt');
    expect(formatValue(0.012, 'points')).to.equal('+1.2 pt');
    expect(formatValue(3.14159, 'ratio')).to.equal('3.14x');
    expect(formatValue(41.26, 'ratio')).to.equal('41.3x');
    expect(formatValue(12345.678, 'number')).to.equal('12350');
    expect(formatValue(15114, 'number')).to.equal('15,114');
  });

  it('formats a figure with its interval and its seed count', () => {
    expect(formatFigure({ value: 0.92, ci: [0.87, 0.97], seeds: 3 }, 'percent')).to.equal('92.0% [87.0%, 97.0%] (3 seeds)');
    expect(formatFigure({ value: 4.2, ci: null, seeds: 1 }, 'ratio')).to.equal('4.20x');
  });

  it('reads a {value, ci} field and a number whose parent holds the interval', () => {
    const cell = {
      ...seededRecord(false).cells[0],
      methodInfo: { control: { accuracy: 0.85, ci: [0.8, 0.9], trainMs: 10 } },
    } as CellRecord;
    expect(cellFigure(cell, 'quality.accuracy')).to.deep.equal({ value: 0.9, ci: [0.89, 0.91] });
    expect(cellFigure(cell, 'methodInfo.control.accuracy')).to.deep.equal({ value: 0.85, ci: [0.8, 0.9] });
    expect(cellFigure(cell, 'methodInfo.control.trainMs')).to.deep.equal({ value: 10, ci: [0.8, 0.9] });
    expect(cellFigure(cell, 'size.gzipRatio')).to.equal(null);
  });

  it('takes the aggregate over seeds when the record has one', () => {
    const f = claimFigure(seededRecord(true), { label: 'a', variant: 'kd', field: 'quality.accuracy', format: 'percent' });
    expect(f).to.deep.equal({ value: 0.92, ci: [0.87, 0.97], seeds: 3 });
  });

  it('averages over seeds with a t interval when the record has no aggregate', () => {
    const f = claimFigure(seededRecord(false), { label: 'a', variant: 'kd', field: 'quality.accuracy', format: 'percent' })!;
    // mean 0.92, sd 0.02, t(0.975, 2) = 4.303: half-width 4.303 * 0.02 / sqrt(3) = 0.04969
    expect(f.value).to.be.closeTo(0.92, 1e-12);
    expect(f.ci![0]).to.be.closeTo(0.92 - 0.04969, 1e-4);
    expect(f.seeds).to.equal(3);
  });

  it("subtracts each cell's own compute-matched control with minus: control, seed by seed", () => {
    const record = seededRecord(false);
    record.cells.forEach((c, i) => (c.controls = [`control[fineTune=5]#s${i + 1}`]));
    record.cells.push(
      ...[0.91, 0.9, 0.9].map((acc, i): CellRecord => ({
        ...record.cells[i],
        id: `control[fineTune=5]#s${i + 1}`,
        variant: 'control',
        role: 'control',
        controls: undefined,
        quality: { accuracy: { value: acc, ci: [acc, acc] } },
      })),
    );
    // differences -0.01, 0.02, 0.04: mean 0.016667
    expect(
      claimFigure(record, { label: 'vs control', variant: 'kd', minus: 'control', field: 'quality.accuracy', format: 'points' })!.value,
    ).to.be.closeTo(0.0166667, 1e-6);
    expect(
      claimFigure(record, {
        label: 'vs control',
        variant: 'kd',
        minus: 'control[fineTune=5]',
        field: 'quality.accuracy',
        format: 'points',
      })!.value,
    ).to.be.closeTo(0.0166667, 1e-6);
  });

  it('subtracts another variant seed by seed, with a t interval over the differences', () => {
    const record = seededRecord(false);
    record.cells.push(
      ...[0.89, 0.9, 0.93].map((acc, i): CellRecord => ({
        ...record.cells[i],
        id: `hard#s${i + 1}`,
        variant: 'hard',
        quality: { accuracy: { value: acc, ci: [acc, acc] } },
      })),
    );
    const f = claimFigure(record, { label: 'gain', variant: 'kd', minus: 'hard', field: 'quality.accuracy', format: 'points' })!;
    // differences 0.01, 0.02, 0.01: mean 0.013333, sd 0.0057735, half-width 4.303 * 0.0057735 / sqrt(3) = 0.014343
    expect(f.value).to.be.closeTo(0.0133333, 1e-6);
    expect(f.ci![1]).to.be.closeTo(0.0133333 + 0.014343, 1e-5);
    expect(f.seeds).to.equal(3);
  });

  it('picks one settings point of a sweep by its cell id, on any seed', () => {
    const record = seededRecord(false);
    expect(claimFigure(record, { label: 'a', variant: 'kd', cell: 'kd', field: 'quality.accuracy', format: 'percent' })!.seeds).to.equal(3);
    expect(claimFigure(record, { label: 'a', variant: 'kd', cell: 'kd[x=1]', field: 'quality.accuracy', format: 'percent' })).to.equal(
      null,
    );
  });

  it('renders a row per claim, escaping pipes, with the gate outcome', () => {
    const text = renderClaims(
      [row({ total: 2, failed: [] }), row({ total: 2, failed: ['p: retention.accuracy >= 0.99 (got 0.98)'] }, true)],
      ROOT,
    );
    const rows = text.split('\n').filter((l) => l.startsWith('| [demo]'));
    expect(rows).to.have.length(2);
    expect(rows[0]).to.equal(
      '| [demo](suites/demo.yaml) | Pruning \\| keeps accuracy<br>*Someone 2015* | 12x fewer weights | accuracy: 98.1% [97.5%, 98.7%] | pass (2/2) |',
    );
    expect(rows[1])
      .to.include('**fail** (1/2): p: retention.accuracy >= 0.99 (got 0.98)')
      .and.include('(quick run)')
      .and.include('earlier version of the suite file');
    expect(text.startsWith(CLAIMS_START)).to.equal(true);
    expect(text.trimEnd().endsWith(CLAIMS_END)).to.equal(true);
  });

  it('replaces only the marked section and appends one where there is none', () => {
    const section = `${CLAIMS_START}\nnew\n${CLAIMS_END}\n`;
    expect(replaceSection(`# T\n\n${CLAIMS_START}\nold\n${CLAIMS_END}\ntail\n`, section)).to.equal(`# T\n\n${section}tail\n`);
    expect(replaceSection('# T\n', section)).to.equal(`# T\n\n${section}`);
    expect(inputError(() => replaceSection(`${CLAIMS_END}\n${CLAIMS_START}\n`, section), 'claims-markers').message).to.match(
      /out of order/,
    );
  });

  it('README.md results section matches baselines/ (regenerate: slimbench claims --write README.md)', () => {
    const { current, next } = regeneratedReadme(join(ROOT, 'README.md'), join(ROOT, 'suites'), join(ROOT, 'baselines'));
    expect(current.includes(CLAIMS_START), 'README.md has no results section').to.equal(true);
    expect(
      current === next,
      "README.md's results section is out of date with baselines/; run 'slimbench claims --write README.md'",
    ).to.equal(true);
  });
});
