import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { resolveLayers } from '../../harness/runner/layers.js';
import type { Cell } from '../../harness/suite/plan.js';
import { inputError } from '../helpers/errors.js';

const cell = (layers: string[]): Cell => ({
  id: `s[layer=${layers[0]}]`,
  variant: 's',
  method: 'prune',
  settings: {},
  seed: 1,
  reference: false,
  layers,
});

describe('runner/layers', () => {
  let model: tf.LayersModel;
  before(() => {
    model = tf.sequential({
      layers: [tf.layers.dense({ units: 4, inputShape: [3], name: 'hidden' }), tf.layers.dense({ units: 2, name: 'out' })],
    });
  });
  after(() => model.dispose());

  it('resolves a layer position to the name of that layer', () => {
    expect(resolveLayers(cell(['@1']), model).layers).to.deep.equal(['out']);
  });

  it('rejects a layer position outside the model as bad input, naming the valid range', () => {
    const err = inputError(() => resolveLayers(cell(['@5']), model), 'layer-position');
    expect(err.message).to.match(/variant 's'.*@5 is outside the model's 2 layers; use a position from 0 to 1/);
  });

  it('rejects an unknown layer name as bad input', () => {
    inputError(() => resolveLayers(cell(['nope']), model), 'unknown-layer');
  });
});
