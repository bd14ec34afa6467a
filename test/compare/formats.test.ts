import { expect } from 'chai';
import { XMLParser, XMLValidator } from 'fast-xml-parser';
import { benchmarkActionEntries, smallerIsBetterPath } from '../../harness/compare/format-benchmark-action.js';
import { formatJunit, xmlEscape } from '../../harness/compare/format-junit.js';
import { formatMarkdown } from '../../harness/compare/format-md.js';
import { rows, templateCells } from '../fixtures/records/template.js';
import { changed, compareWithTemplate, storedRun } from './helpers.js';

const NASTY = 'pruned[a<b&"c\'|d]\u0001';

function regressedComparison() {
  const cells = [...changed('pruned[sparsity=0.5]', { wrong: rows(0, 150) }), { id: NASTY, variant: 'pruned', wrong: rows(0, 100) }];
  return compareWithTemplate(cells.filter((c) => c.id !== 'pruned[sparsity=0.9]'));
}

describe('compare outputs', () => {
  it('markdown has one table row per cell with its state', () => {
    const md = formatMarkdown(regressedComparison());
    const tableRows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| cell') && !l.startsWith('| ---'));
    expect(tableRows).to.have.length(4);
    expect(tableRows.find((l) => l.includes('pruned[sparsity=0.5]'))).to.include('regressed');
    expect(md).to.include('Benjamini–Hochberg');
  });

  it('markdown escapes pipes in cell ids so the table keeps its columns', () => {
    const md = formatMarkdown(regressedComparison());
    const row = md.split('\n').find((l) => l.includes('pruned[a'))!;
    expect(row.split(/(?<!\\)\|/).length).to.equal(10);
  });

  it('JUnit output is valid XML', () => {
    expect(XMLValidator.validate(formatJunit(regressedComparison()))).to.equal(true);
  });

  it('JUnit output has one testcase per cell (names round-trip) and a failure only for the regressed cell', () => {
    const xml = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: '@' }).parse(formatJunit(regressedComparison()));
    const suite = xml.testsuites.testsuite;
    const cases = suite.testcase as { '@name': string; failure?: unknown; skipped?: unknown }[];
    expect(cases.map((c) => c['@name'])).to.deep.equal(['original', 'pruned[sparsity=0.5]', 'pruned[sparsity=0.9]', 'pruned[a<b&"c\'|d]']);
    expect(cases.filter((c) => c.failure !== undefined).map((c) => c['@name'])).to.deep.equal(['pruned[sparsity=0.5]']);
    expect(cases.filter((c) => c.skipped !== undefined).map((c) => c['@name'])).to.deep.equal(['pruned[sparsity=0.9]']);
    expect(suite['@failures']).to.equal('1');
  });

  it('XML escaping drops control characters and escapes markup', () => {
    expect(xmlEscape('a<b>&"\'\u0001\u0007c')).to.equal('a&lt;b&gt;&amp;&quot;&apos;c');
  });

  it('benchmark-action output is an array of {name, unit, value, range?, extra?} with string range and extra', () => {
    const run = storedRun(templateCells());
    const out = benchmarkActionEntries(run.record);
    for (const list of [out.biggerIsBetter, out.smallerIsBetter]) {
      expect(list).to.be.an('array').that.is.not.empty;
      for (const e of list) {
        expect(Object.keys(e).every((k) => ['name', 'unit', 'value', 'range', 'extra'].includes(k))).to.equal(true);
        expect(e.name).to.be.a('string');
        expect(e.unit).to.be.a('string');
        expect(e.value).to.be.a('number').and.satisfy(Number.isFinite);
        if (e.range !== undefined) expect(e.range).to.match(/^± [0-9.e+-]+$/);
        if (e.extra !== undefined) expect(e.extra).to.be.a('string');
      }
    }
  });

  it('benchmark-action puts accuracy, speedup and throughput in the bigger-is-better file and bytes in the smaller-is-better file', () => {
    const out = benchmarkActionEntries(storedRun(templateCells()).record);
    expect(out.biggerIsBetter.find((e) => e.name === 'crafted/original/accuracy')!.value).to.be.closeTo(92, 1e-9);
    expect(out.biggerIsBetter.map((e) => e.name)).to.include('crafted/pruned[sparsity=0.5]/speedup');
    expect(out.biggerIsBetter.map((e) => e.name)).to.not.include('crafted/original/speedup');
    expect(out.smallerIsBetter.find((e) => e.name === 'crafted/pruned[sparsity=0.9]/gzipBytes')!.value).to.equal(2022);
  });

  it('the smaller-is-better file sits beside the main file', () => {
    expect(smallerIsBetterPath('out/bench.json')).to.equal('out/bench.smaller.json');
  });
});
