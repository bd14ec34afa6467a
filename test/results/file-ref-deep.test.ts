import { expect } from 'chai';
import { fileRefsIn } from '../../harness/results/file-ref.js';

describe('results/file-refs', () => {
  it('finds stored-file references at any depth of a cell record', () => {
    const cell = { predictions: { file: 'predictions/a.json', sha256: 'aa' }, runtimes: { onnxruntime: { status: 'ok', predictions: { file: 'predictions/b.json', sha256: 'bb' } } } };
    expect(fileRefsIn(cell)).to.deep.equal(['predictions/a.json', 'predictions/b.json']);
  });

  it('ignores objects with a file but no sha256', () => {
    expect(fileRefsIn({ artifact: { file: 'model.json' } })).to.deep.equal([]);
  });
});
