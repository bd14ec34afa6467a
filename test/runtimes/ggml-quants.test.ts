import { expect } from 'chai';
import { dequantizeQ4_0, dequantizeQ8_0, quantizeQ4_0, quantizeQ8_0 } from '../../harness/runtimes/ggml-quants.js';

const block = (entries: Record<number, number>): Float32Array => {
  const v = new Float32Array(32);
  for (const [i, x] of Object.entries(entries)) v[Number(i)] = x;
  return v;
};
const u16 = (b: Uint8Array, at: number): number => b[at] | (b[at + 1] << 8);

describe('ggml block quantizers', () => {
  it('Q8_0 stores the scale max|x|/127 as f16 then one int8 per value (34 bytes a block)', () => {
    const q = quantizeQ8_0(block({ 0: 127, 1: -5 }));
    expect(q.length).to.equal(34);
    expect(u16(q, 0)).to.equal(0x3c00); // 1.0
    expect([(q[2] << 24) >> 24, (q[3] << 24) >> 24, q[4]]).to.deep.equal([127, -5, 0]);
  });

  it('Q8_0 rounds halves away from zero', () => {
    const q = quantizeQ8_0(block({ 0: 127, 1: -63.5, 2: 0.5, 3: 2.5 }));
    expect([(q[3] << 24) >> 24, q[4], q[5]]).to.deep.equal([-64, 1, 3]);
  });

  it('Q4_0 takes the scale from the value of largest magnitude, signed: d = m / -8', () => {
    expect(u16(quantizeQ4_0(block({ 0: -8, 1: 7 })), 0)).to.equal(0x3c00); // +1
    expect(u16(quantizeQ4_0(block({ 0: 8, 1: -7 })), 0)).to.equal(0xbc00); // -1
  });

  it('Q4_0 packs element j in the low nibble and element j+16 in the high nibble of byte j', () => {
    const q = quantizeQ4_0(block({ 0: -8, 1: 7, 16: 3.5, 17: -0.5 }));
    expect(q.length).to.equal(18);
    // q = min(15, trunc(x/d + 8.5)): -8→0, 7→15, 3.5→12, -0.5→8, 0→8
    expect([q[2], q[3], q[4]]).to.deep.equal([0xc0, 0x8f, 0x88]);
  });

  it('Q4_0 clamps the opposite extreme to code 15', () => {
    const q = quantizeQ4_0(block({ 0: 8, 1: -8 }));
    expect(q[3] & 0x0f).to.equal(15);
    expect(dequantizeQ4_0(q)[1]).to.equal(-7);
  });

  it('dequantizing gives d·q for Q8_0 and d·(q−8) for Q4_0', () => {
    expect(Array.from(dequantizeQ8_0(quantizeQ8_0(block({ 0: 127, 1: -5 }))).slice(0, 3))).to.deep.equal([127, -5, 0]);
    expect(Array.from(dequantizeQ4_0(quantizeQ4_0(block({ 0: -8, 1: 7, 16: 3 }))).slice(0, 2))).to.deep.equal([-8, 7]);
  });

  it('an all-zero block gets scale 0 and dequantizes to zeros', () => {
    // ggml's d = 0 / -8 is -0 for Q4_0, so compare with === (which equates -0 and 0).
    expect(dequantizeQ8_0(quantizeQ8_0(new Float32Array(32))).every((v) => v === 0)).to.equal(true);
    expect(dequantizeQ4_0(quantizeQ4_0(new Float32Array(32))).every((v) => v === 0)).to.equal(true);
  });

  it('refuses a length that is not a whole number of blocks', () => {
    expect(() => quantizeQ8_0(new Float32Array(33))).to.throw(/multiple of 32/);
  });
});
