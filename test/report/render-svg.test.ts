import { expect } from 'chai';
import { renderCharts, runCharts, scriptJson } from '../../harness/report/chart-set.js';
import { header, type ChartSpec } from '../../harness/report/charts/common.js';
import { prefixIds, renderSvg } from '../../harness/report/render-svg.js';
import { HOSTILE_SUITE, loadFixture } from './helpers.js';

describe('report/render-svg', () => {
  const hostile: ChartSpec = {
    ...header(HOSTILE_SUITE, 'a <b>description</b> & more'),
    data: { values: [{ x: 1, y: 2, name: '<img src=x onerror=alert(1)>' }] },
    mark: 'point',
    encoding: {
      x: { field: 'x', type: 'quantitative' },
      y: { field: 'y', type: 'quantitative' },
      color: { field: 'name', type: 'nominal' },
    },
  };

  it('escapes text from the data and the title inside the SVG', async () => {
    const { svg } = await renderSvg(hostile, { id: 'h', title: hostile.title, description: hostile.description });
    expect(svg).to.not.contain('<script');
    expect(svg).to.not.contain('<img');
    expect(svg).to.contain('&lt;img src=x onerror=alert(1)&gt;');
    expect(svg).to.contain('<title id="h-title">&lt;script&gt;alert(1)&lt;/script&gt;</title>');
    expect(svg).to.contain('<desc id="h-desc">a &lt;b&gt;description&lt;/b&gt; &amp; more</desc>');
  });

  it('labels the SVG as an image named by its title', async () => {
    const { svg } = await renderSvg(hostile, { id: 'h', title: 'T' });
    expect(svg).to.match(/^<svg[^>]* role="img" aria-labelledby="h-title">/);
  });

  it('prefixes ids and their references so that charts on one page do not clash', () => {
    const out = prefixIds('<clipPath id="clip1"/><g clip-path="url(#clip1)"/><use href="#clip1"/>', 'c-x');
    expect(out).to.equal('<clipPath id="c-x-clip1"/><g clip-path="url(#c-x-clip1)"/><use href="#c-x-clip1"/>');
  });

  it('renders every chart of the fixture run without warnings', async () => {
    const rec = loadFixture();
    const charts = await renderCharts(runCharts(rec, [rec, loadFixture('older')], () => 'x.html'));
    expect(charts.map((c) => c.id)).to.deep.equal([
      'c-pareto',
      'c-speedup',
      'c-sweep-0',
      'c-sweep-1',
      'c-sensitivity',
      'c-confusion',
      'c-class-f1',
      'c-history',
    ]);
    for (const c of charts) {
      expect(c.warnings, c.id).to.deep.equal([]);
      expect(c.svg, c.id).to.match(/^<svg /);
    }
  });

  it('writes spec JSON that cannot close its script element', () => {
    const text = scriptJson({ t: '</script><script>alert(1)</script>', u: '\u2028' });
    expect(text).to.not.contain('<');
    expect(JSON.parse(text)).to.deep.equal({ t: '</script><script>alert(1)</script>', u: '\u2028' });
  });
});
