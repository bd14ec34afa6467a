import { expect } from 'chai';
import { join } from 'node:path';
import { reasoningExamples } from '../../harness/models/llama-reasoning.js';
import { loadLlamaCpp, type LlamaCppModel } from '../../harness/runtimes/llama-cpp.js';
import { ROOT } from '../helpers/paths.js';

describe('committed reasoning llama GGUF', function () {
  this.timeout(60_000);
  let lm: LlamaCppModel;
  before(async () => {
    lm = await loadLlamaCpp(join(ROOT, 'datasets/reasoning-llama/reasoning-llama-f32.gguf'));
  });
  after(async () => {
    await lm?.dispose();
  });

  it('answers held-out arithmetic chains well above the 7.5% of always guessing the commonest answer', async () => {
    const examples = reasoningExamples('arith-chain', 'test', 40, 1001);
    let correct = 0;
    for (const e of examples) if ((await lm.generate(e.prompt, { maxTokens: 4 })).text === e.answer) correct++;
    expect(correct / examples.length).to.be.above(0.3);
  });
});
