import { expect } from 'chai';
import { runPagePath, slug } from '../../harness/report/paths.js';
import { relativeHref } from '../../harness/report/run-page.js';
import { loadFixture } from './helpers.js';

describe('report/paths', () => {
  it('turns any suite name into one safe path segment', () => {
    expect([slug('<script>alert(1)</script>'), slug('../../etc'), slug('..'), slug(''), slug('quick start')]).to.deep.equal([
      '_script_alert_1_script_',
      '__.._etc',
      '_',
      '_',
      'quick_start',
    ]);
  });

  it('puts a run page under runs/<suite>/<run-id>.html', () => {
    expect(runPagePath(loadFixture())).to.equal('runs/_script_alert_1_script_/2026-02-02T10-00-00Z-bbbb.html');
  });

  it('links pages relatively', () => {
    expect(relativeHref('runs/a/x.html', 'index.html')).to.equal('../../index.html');
    expect(relativeHref('runs/a/x.html', 'runs/a/y.html')).to.equal('y.html');
    expect(relativeHref('index.html', 'assets/vega.min.js')).to.equal('assets/vega.min.js');
  });
});
