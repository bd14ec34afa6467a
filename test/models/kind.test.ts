import { copyFileSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect } from 'chai';
import { detectModelKind } from '../../harness/models/kind.js';
import { fixture } from '../helpers/paths.js';

describe('model kind detection', () => {
  const tmp = mkdtempSync(join(tmpdir(), 'sb-kind-'));

  it('reads an .onnx file as onnx', () => {
    expect(detectModelKind(fixture('onnx/digits-cnn.onnx'))).to.equal('onnx');
  });

  it('reads a protobuf without the .onnx name as onnx, from its first byte', () => {
    const file = join(tmp, 'exported-model');
    copyFileSync(fixture('onnx/digits-cnn.onnx'), file);
    expect(detectModelKind(file)).to.equal('onnx');
  });

  it('reads a folder holding model.onnx and no model.json as onnx', () => {
    const dir = join(tmp, 'cell');
    mkdirSync(dir);
    copyFileSync(fixture('onnx/digits-cnn.onnx'), join(dir, 'model.onnx'));
    expect(detectModelKind(dir)).to.equal('onnx');
  });

  it('reads graph and layers model.json folders by their format', () => {
    expect(detectModelKind(fixture('graph/float32'))).to.equal('graph');
    expect(detectModelKind(fixture('models/digits-mlp'))).to.equal('layers');
  });

  it('keeps a broken model.json a layers model and a text file named .onnx an onnx one (their loaders report them)', () => {
    writeFileSync(join(tmp, 'model.json'), 'not json');
    writeFileSync(join(tmp, 'broken.onnx'), '{"format": "graph-model"}');
    expect(detectModelKind(join(tmp, 'model.json'))).to.equal('layers');
    expect(detectModelKind(join(tmp, 'broken.onnx'))).to.equal('onnx');
  });
});
