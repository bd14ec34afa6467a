import { expect } from 'chai';
import { firstNumber, readEstimate, readNumber, readPath } from '../../harness/results/paths.js';

const cell = {
  quality: { accuracy: { value: 0.9, ci: [0.89, 0.91] } },
  size: { compressionRatio: 4, memoryBytes: Number.NaN },
  methodInfo: { control: { accuracy: 0.85, ci: [0.8, 0.9] } },
  memoryBytes: 1200,
};

describe('results/paths', () => {
  it('reads a value at a dotted path', () => {
    expect(readPath(cell, 'size.compressionRatio')).to.equal(4);
    expect(readPath(cell, ['quality', 'accuracy', 'value'])).to.equal(0.9);
  });

  it('gives undefined for a missing segment or a path through a number', () => {
    expect(readPath(cell, 'retention.accuracy')).to.equal(undefined);
    expect(readPath(cell, 'size.compressionRatio.value')).to.equal(undefined);
  });

  it('follows only own properties, never the prototype', () => {
    expect(readPath(cell, 'constructor')).to.equal(undefined);
    expect(readPath(cell, 'size.__proto__')).to.equal(undefined);
  });

  it('reads the value of a metric with an interval as its number', () => {
    expect(readNumber(cell, 'quality.accuracy')).to.equal(0.9);
    expect(readNumber(cell, 'size.compressionRatio')).to.equal(4);
  });

  it('gives no number for a value that is not finite', () => {
    expect(readNumber(cell, 'size.memoryBytes')).to.equal(undefined);
    expect(readNumber(cell, 'quality')).to.equal(undefined);
  });

  it("takes a plain number's interval from its holder", () => {
    expect(readEstimate(cell, 'methodInfo.control.accuracy')).to.deep.equal({ value: 0.85, ci: [0.8, 0.9] });
    expect(readEstimate(cell, 'size.compressionRatio')).to.deep.equal({ value: 4, ci: null });
  });

  it('reads the first of several paths that holds a number', () => {
    expect(firstNumber(cell, ['size.memoryBytes', 'memoryBytes'])).to.equal(1200);
    expect(firstNumber(cell, ['speed.memoryBytes'])).to.equal(undefined);
  });
});
