import { expect } from 'chai';
import { CHROMIUM_HINT, chromiumOnnxruntimeWeb, chromiumTfjs, closeChromium } from '../../../harness/runtimes/chromium/index.js';
import { join } from 'node:path';
import { requireChromium, tempDir } from './helpers.js';
import { writeDenseSoftmaxOnnx } from './onnx-fixture.js';

describe('Chromium runtimes: availability', function () {
  this.timeout(60_000);
  const saved = process.env.SLIMBENCH_CHROMIUM;
  afterEach(async () => {
    if (saved === undefined) delete process.env.SLIMBENCH_CHROMIUM;
    else process.env.SLIMBENCH_CHROMIUM = saved;
    await closeChromium();
  });

  it('says how to get a browser when SLIMBENCH_CHROMIUM names no executable', async () => {
    process.env.SLIMBENCH_CHROMIUM = '/nonexistent/chromium';
    const a = await chromiumTfjs.availability();
    expect(a).to.deep.equal({ available: false, hint: `/nonexistent/chromium not found: ${CHROMIUM_HINT}` });
    expect(CHROMIUM_HINT).to.equal('apt-get install chromium (Debian) or set SLIMBENCH_CHROMIUM=/path');
  });

  it('says the executable did not launch when it is not a browser', async () => {
    process.env.SLIMBENCH_CHROMIUM = '/bin/false';
    const a = await chromiumOnnxruntimeWeb.availability();
    expect(a.available).to.equal(false);
    expect(a.available ? '' : a.hint).to.match(/^\/bin\/false did not launch .*apt-get install chromium/);
  });

  it('refuses to load with the hint when the executable is missing', async () => {
    process.env.SLIMBENCH_CHROMIUM = '/nonexistent/chromium';
    let err: Error | undefined;
    const path = join(tempDir(), 'dense.onnx');
    writeDenseSoftmaxOnnx(path, [[1], [2]], [0]);
    await chromiumOnnxruntimeWeb.load({ format: 'onnx', path }, { threads: 1, inputShape: [2] }).catch((e: Error) => (err = e));
    expect(err?.message).to.contain(CHROMIUM_HINT);
  });

  it('reports the installed browser as available', async function () {
    requireChromium(this);
    expect(await chromiumTfjs.availability()).to.deep.equal({ available: true });
  });
});
