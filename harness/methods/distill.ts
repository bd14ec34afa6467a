import type * as tf from '@tensorflow/tfjs';
import { evaluate } from '../measure/evaluate.js';
import { predictProbs, trainModel, type TrainSettings } from '../models/train.js';
import { distillationLossFn, distillationTargets } from './distill-loss.js';
import { clonedStudent, registryStudent, scaleArchSettings, type StudentSpec } from './student.js';
import type { CompressionMethod, MethodContext, MethodResult } from './types.js';
import { distillSpec, type DistillSettings } from './distill-settings.js';

export { distillSettings, type DistillSettings } from './distill-settings.js';

/** The student an instance of the settings asks for. */
function resolveStudent(teacher: tf.LayersModel, s: DistillSettings, ctx: MethodContext): StudentSpec {
  if (s.arch !== undefined) return registryStudent(s.arch, s.archSettings ?? {}, ctx.dataset, 'distill');
  const width = s.width ?? 0.5;
  if (ctx.arch !== undefined) {
    const base = registryStudent(ctx.arch, ctx.archSettings ?? {}, ctx.dataset, 'distill').describe.settings as Record<string, unknown>;
    return registryStudent(ctx.arch, scaleArchSettings(ctx.arch, base, width, 'distill'), ctx.dataset, 'distill');
  }
  return clonedStudent(teacher, width, 'distill');
}

/**
 * Knowledge distillation (Hinton et al., 2015): a smaller student learns from the teacher's
 * softened outputs, loss = alpha·T²·KL(teacher_T ‖ student_T) + (1 − alpha)·CE(labels).
 *
 * `apply` returns the distilled student, so the runner writes, reloads and measures exactly that
 * model like every other variant. Whether distillation helped is a question about the same
 * student trained without the teacher, so with `control: true` (default) the method also trains
 * that control — same architecture, seed, batch order, epochs and learning rate, hard labels
 * only — and reports its test accuracy in info (`control.accuracy` with a 95% bootstrap
 * interval), measured in memory since it is not shipped. The record's accuracy minus
 * `control.accuracy` is the gain distillation bought. A fully measured control (size, speed,
 * paired test) is a variant with `alpha: 0`.
 */
export const distill: CompressionMethod<DistillSettings> = {
  ...distillSpec,
  async apply(teacher, settings, ctx) {
    const ds = ctx.dataset;
    const student = resolveStudent(teacher, settings, ctx);
    return distillStudent(predictProbs(teacher, ds.train, ds.inputShape), teacher.countParams(), student, settings, ctx);
  },
};

/**
 * Trains `student` on a teacher's training-split outputs (`teacherProbs`, row-major probabilities
 * from whatever runs the teacher: tfjs, a graph model, onnxruntime), with the control above.
 * With label-free data the soft term is the whole loss (alpha 1) and no hard-label control is
 * trained.
 */
export async function distillStudent(
  teacherProbs: Float32Array,
  teacherParams: number,
  student: StudentSpec,
  settings: DistillSettings,
  ctx: MethodContext,
): Promise<MethodResult> {
  const ds = ctx.dataset;
  const classes = ds.classNames.length;
  const labelFree = ds.labeled === false;
  const alpha = labelFree ? 1 : settings.alpha;
  const train: TrainSettings = {
    ...ctx.train,
    epochs: settings.epochs ?? ctx.train.epochs,
    learningRate: settings.learningRate ?? ctx.train.learningRate,
  };
  const labels = labelFree ? new Int32Array(0) : ds.train.y;
  const targets = distillationTargets(teacherProbs, labels, classes, settings.temperature);
  const model = student.build(ctx.seed);
  const distilled = await trainModel(model, ds.train, ds, train, ctx.seed, {
    targets,
    loss: distillationLossFn(settings.temperature, alpha),
    onEpoch: (e, loss) => ctx.log(`distill epoch ${e + 1}/${train.epochs}, loss ${loss.toFixed(4)}`),
  });
  let control: Record<string, unknown> | string = labelFree
    ? "none: the data has no labels, so the student learns from the teacher's outputs alone (alpha 1)"
    : alpha === 0
      ? 'the student itself (alpha = 0 trains on hard labels only)'
      : 'not trained (control: false)';
  let controlPredictions: Int32Array | undefined;
  if (!labelFree && settings.control && alpha > 0) {
    const c = student.build(ctx.seed);
    try {
      const r = await trainModel(c, ds.train, ds, train, ctx.seed);
      const ev = evaluate(c, ds.test, ds.inputShape, classes, { ciLevel: 0.95, resamples: 1000, seed: ctx.seed });
      const acc = ev.quality.accuracy;
      controlPredictions = ev.predictions;
      control = { accuracy: acc.value, ci: acc.ci, trainMs: r.trainMs, loss: r.loss };
    } finally {
      c.dispose();
    }
  }
  const studentParams = model.countParams();
  return {
    model,
    ...(controlPredictions ? { controlPredictions } : {}),
    info: {
      student: student.describe,
      studentParams,
      teacherParams,
      paramRatio: studentParams / teacherParams,
      temperature: settings.temperature,
      alpha,
      epochs: train.epochs,
      learningRate: train.learningRate,
      trainMs: distilled.trainMs,
      loss: distilled.loss,
      control,
      ...(typeof control === 'object' ? { controlAccuracy: control.accuracy } : {}),
    },
  };
}
