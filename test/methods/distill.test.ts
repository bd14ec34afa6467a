import * as tf from '@tensorflow/tfjs';
import { expect } from 'chai';
import { initBackend } from '../../harness/models/backend.js';
import { distill, distillSettings } from '../../harness/methods/distill.js';
import { distillationLoss, distillationLossFn, distillationTargets, softenedTargets } from '../../harness/methods/distill-loss.js';
import { archs } from '../../harness/models/index.js';
import { predictProbs, trainModel } from '../../harness/models/train.js';
import { accuracyOf, context, syntheticDataset } from './synthetic.js';

const units = (m: tf.LayersModel): number[] =>
  m.layers.filter((l) => l.getClassName() === 'Dense').map((l) => l.getConfig().units as number);

// Three classes: which of the first three columns is largest.
const dataset = syntheticDataset({
  n: 600,
  d: 6,
  classes: 3,
  seed: 2,
  label: (r) => [r[0], r[1], r[2]].indexOf(Math.max(r[0], r[1], r[2])),
});
const teacherSettings = { hidden: [32, 16] };

describe('methods/distill', () => {
  let teacher: tf.LayersModel;

  before(async () => {
    await initBackend('wasm');
    teacher = archs.mlp.build(dataset, archs.mlp.settings.parse(teacherSettings), 1);
    await trainModel(teacher, dataset.train, dataset, { epochs: 10, batchSize: 32, learningRate: 0.01 }, 1);
  });

  after(() => teacher.dispose());

  it('computes the distillation loss of a two-row, three-class example as by hand', () => {
    // At T = 2, softmax(log(p) / 2) = sqrt(p) / sum(sqrt(p)); KL and CE of each row computed by hand:
    // row 1: KL 0.0245743, CE -ln 0.5; row 2: KL 0.0193110, CE -ln 0.6.
    const teacherProbs = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6]);
    const soft = softenedTargets(teacherProbs, 3, 2);
    const loss = tf.tidy(
      () =>
        distillationLoss(
          tf.tensor2d(soft, [2, 3]),
          tf.tensor2d([1, 0, 0, 0, 0, 1], [2, 3]),
          tf.tensor2d([0.5, 0.3, 0.2, 0.2, 0.2, 0.6], [2, 3]),
          2,
          0.7,
        ).dataSync()[0],
    );
    const byHand = (0.7 * 4 * (0.0245743 + 0.019311) + 0.3 * (Math.log(2) - Math.log(0.6))) / 2;
    expect(loss).to.be.closeTo(byHand, 1e-5);
    expect(loss).to.be.closeTo(0.2420353, 1e-5);
  });

  it('softens the teacher to its own probabilities at temperature 1 and towards uniform as T grows', () => {
    const probs = Float32Array.from([0.7, 0.2, 0.1]);
    Array.from(softenedTargets(probs, 3, 1)).forEach((v, i) => expect(v).to.be.closeTo(probs[i], 1e-6));
    const hot = softenedTargets(probs, 3, 100);
    hot.forEach((v) => expect(v).to.be.closeTo(1 / 3, 0.01));
  });

  it('marks the true class in the softened teacher targets by adding 2', () => {
    const t = distillationTargets(Float32Array.from([0.5, 0.5, 0.25, 0.75]), Int32Array.from([1, 0]), 2, 1);
    expect(t.width).to.equal(2);
    Array.from(t.values).forEach((v, i) => expect(v).to.be.closeTo([0.5, 2.5, 2.25, 0.75][i], 1e-6));
  });

  it('gives the same loss through the training targets as from the separate soft and hard parts', () => {
    const probs = Float32Array.from([0.7, 0.2, 0.1, 0.1, 0.3, 0.6]);
    const student = [0.5, 0.3, 0.2, 0.2, 0.2, 0.6];
    const t = distillationTargets(probs, Int32Array.from([0, 2]), 3, 2);
    const viaTargets = tf.tidy(() => distillationLossFn(2, 0.7)(tf.tensor2d(t.values, [2, 3]), tf.tensor2d(student, [2, 3])).dataSync()[0]);
    expect(viaTargets).to.be.closeTo(0.2420353, 1e-5);
  });

  it("trains a student with the teacher's architecture scaled by width that beats chance", async () => {
    const ctx = context(dataset, { arch: 'mlp', archSettings: teacherSettings });
    const { model, info } = await distill.apply(teacher, distillSettings.parse({ width: 0.25, epochs: 6 }), ctx);
    expect(units(model)).to.deep.equal([8, 4, 3]);
    expect(info.studentParams).to.equal(model.countParams());
    expect(info.studentParams as number).to.be.below(info.teacherParams as number);
    expect(accuracyOf(predictProbs(model, dataset.test, [6]), dataset.test.y, 3)).to.be.above(0.5);
    expect(info.controlAccuracy).to.be.a('number').within(0, 1);
    model.dispose();
  });

  it('builds a declared student architecture from the registry', async () => {
    const { model, info } = await distill.apply(
      teacher,
      distillSettings.parse({ arch: 'mlp', archSettings: { hidden: [5] }, epochs: 1, control: false }),
      context(dataset),
    );
    expect(units(model)).to.deep.equal([5, 3]);
    expect(info.student).to.deep.include({ arch: 'mlp' });
    model.dispose();
  });

  it("clones and scales the teacher's layers when its architecture is not known", async () => {
    const { model, info } = await distill.apply(
      teacher,
      distillSettings.parse({ width: 0.5, epochs: 1, control: false }),
      context(dataset),
    );
    expect(units(model)).to.deep.equal([16, 8, 3]);
    expect(info.student).to.deep.include({ arch: 'cloned-sequential' });
    model.dispose();
  });

  it("rejects 'arch' and 'width' together and 'archSettings' without 'arch'", () => {
    expect(distillSettings.safeParse({ arch: 'mlp', width: 0.5 }).success).to.equal(false);
    expect(distillSettings.safeParse({ archSettings: { hidden: [4] } }).success).to.equal(false);
    expect(distillSettings.parse({})).to.include({ temperature: 4, alpha: 0.9, control: true });
  });
});
