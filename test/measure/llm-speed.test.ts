import { expect } from 'chai';
import { decodeRate, llmSpeed, tokensPerSecRatio } from '../../harness/measure/llm-speed.js';

const t = (genTokens: number, ttftMs: number, totalMs: number, promptTokens = 10) => ({ promptTokens, genTokens, ttftMs, totalMs });
const opts = { resamples: 200, level: 0.95, seed: 1 };

describe('measure/llm-speed', () => {
  it('counts decoding from the second token: 11 tokens in 100 ms after the first is 100 tokens/s', () => {
    expect(decodeRate(t(11, 50, 150))).to.be.closeTo(100, 1e-9);
  });

  it('has no decoding rate for a single token', () => {
    expect(decodeRate(t(1, 50, 50))).to.be.NaN;
  });

  it('takes the median and 95th percentile of the time to first token', () => {
    const s = llmSpeed([t(5, 10, 20), t(5, 20, 30), t(5, 30, 40)]);
    expect(s.ttftMs.p50).to.equal(20);
    expect(s.ttftMs.p95).to.be.closeTo(29, 1e-9);
  });

  it('gives prompt tokens/s as prompt tokens over the time to first token', () => {
    expect(llmSpeed([t(5, 100, 200, 50)]).promptTokensPerSec).to.be.closeTo(500, 1e-9);
  });

  it('gives a variant twice as fast a ratio of 2 with a tight interval', () => {
    const o = [t(11, 10, 110), t(21, 10, 210), t(11, 10, 110)];
    const v = [t(11, 10, 60), t(21, 10, 110), t(11, 10, 60)];
    const r = tokensPerSecRatio(o, v, opts)!;
    expect(r.value).to.be.closeTo(2, 1e-9);
    expect(r.ci[0]).to.be.closeTo(2, 1e-9);
  });

  it('gives no ratio when no prompt generated two tokens', () => {
    expect(tokensPerSecRatio([t(1, 5, 5)], [t(1, 5, 5)], opts)).to.equal(null);
  });
});
