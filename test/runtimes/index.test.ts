import { expect } from 'chai';
import { getRuntime, REGISTERED_RUNTIMES, runtimes } from '../../harness/runtimes/index.js';
import { inputError } from '../helpers/errors.js';

describe('runtime registry', () => {
  it('finds a runtime by its name', () => {
    expect(getRuntime('onnxruntime')).to.equal(runtimes.onnxruntime);
  });

  it('rejects an unknown name with the valid names and the closest match', () => {
    const err = inputError(() => getRuntime('onnxruntim', 'measure.runtimes[1]: '), 'unknown-runtime');
    expect(err.message).to.include("measure.runtimes[1]: unknown runtime 'onnxruntim'");
    expect(err.message).to.include("did you mean 'onnxruntime'");
    for (const name of REGISTERED_RUNTIMES) expect(err.message).to.include(name);
  });

  it('does not take inherited object properties for runtimes', () => {
    inputError(() => getRuntime('toString'), 'unknown-runtime');
  });

  it('says every Node runtime is available on this machine', async () => {
    for (const name of ['tfjs', 'onnxruntime', 'onnxruntime-web'] as const)
      expect(await runtimes[name].availability(), name).to.deep.equal({ available: true });
  });
});
