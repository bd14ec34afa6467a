import type * as tf from '@tensorflow/tfjs';
import { InputError } from '../errors.js';
import { trainModel } from '../models/train.js';
import { buildSequential, sequentialPlan, type LayerPlan } from './sequential.js';
import { chooseRank, discardedEnergy, lowRankFactors, svd, type RankRule } from './svd.js';
import type { CompressionMethod } from './types.js';
import { lowrankSpec, type LowrankSettings } from './lowrank-settings.js';

export { lowrankSettings, type LowrankSettings } from './lowrank-settings.js';

/** What happened to one Dense or Conv2D layer. */
export interface LowrankLayerInfo {
  layer: string;
  kind: string;
  /** The kernel as a matrix: [inputs, outputs] (Conv2D: [k·k·cin, cout]). */
  matrix: [number, number];
  rank: number;
  paramsBefore: number;
  paramsAfter: number;
  /** Share of the kernel's squared Frobenius norm the truncation discards. */
  discardedEnergy: number;
  factorized: boolean;
  reason?: string;
}

const rankRule = (s: LowrankSettings): RankRule =>
  s.rank !== undefined ? { rank: s.rank } : s.rankFraction !== undefined ? { rankFraction: s.rankFraction } : { energy: s.energy! };

/** The kernel of a Dense or Conv2D plan viewed as a matrix, or undefined for other layers. */
function kernelMatrix(p: LayerPlan): { rows: number; cols: number } | undefined {
  const shape = p.weights?.[0]?.shape;
  if (!shape) return undefined;
  if (p.className === 'Dense' && shape.length === 2) return { rows: shape[0], cols: shape[1] };
  if (p.className === 'Conv2D' && shape.length === 4) return { rows: shape[0] * shape[1] * shape[2], cols: shape[3] };
  return undefined;
}

/** The two layers replacing `p`: a thin layer without bias and activation, then one with both. */
function factorPlans(p: LayerPlan, r: number, a: Float32Array, b: Float32Array): LayerPlan[] {
  const { batchInputShape, name, ...rest } = p.config;
  const kernel = p.weights![0].shape;
  const bias = p.config.useBias ? [p.weights![1]] : [];
  const input: tf.serialization.ConfigDict = batchInputShape ? { batchInputShape } : {};
  if (p.className === 'Dense') {
    return [
      {
        className: 'Dense',
        config: { ...rest, ...input, name: `${name}_factor1`, units: r, useBias: false, activation: 'linear' },
        weights: [{ values: a, shape: [kernel[0], r] }],
      },
      {
        className: 'Dense',
        config: { ...rest, name: `${name}_factor2`, units: kernel[1] },
        weights: [{ values: b, shape: [r, kernel[1]] }, ...bias],
      },
    ];
  }
  return [
    {
      className: 'Conv2D',
      config: { ...rest, ...input, name: `${name}_factor1`, filters: r, useBias: false, activation: 'linear' },
      weights: [{ values: a, shape: [kernel[0], kernel[1], kernel[2], r] }],
    },
    {
      className: 'Conv2D',
      config: {
        ...rest,
        name: `${name}_factor2`,
        filters: kernel[3],
        kernelSize: [1, 1],
        strides: [1, 1],
        padding: 'valid',
        dilationRate: [1, 1],
      },
      weights: [{ values: b, shape: [1, 1, r, kernel[3]] }, ...bias],
    },
  ];
}

/**
 * Low-rank factorization: the truncated SVD of every Dense kernel W ≈ A·B replaces the layer by
 * Dense(in→r, no bias, linear) then Dense(r→out, original bias and activation); a Conv2D kernel
 * [k,k,cin,cout] is factorized as a [k·k·cin, cout] matrix into a k×k conv to r channels and a
 * 1×1 conv. Layers where r·(in+out) ≥ in·out would not shrink and are left alone (listed in
 * info). An absolute `rank` larger than every layer's min(in, out) is an InputError.
 */
export const lowrank: CompressionMethod<LowrankSettings> = {
  ...lowrankSpec,
  async apply(model, settings, ctx) {
    const plans = sequentialPlan(model, 'lowrank');
    const rule = rankRule(settings);
    const candidates = plans.flatMap((p) => {
      const m = kernelMatrix(p);
      return m ? [{ name: String(p.config.name), max: Math.min(m.rows, m.cols) }] : [];
    });
    if (candidates.length === 0)
      throw new InputError('lowrank: the model has no Dense or Conv2D layer to factorize; choose another method', 'lowrank-no-layers');
    const widest = candidates.reduce((a, c) => (c.max > a.max ? c : a));
    if ('rank' in rule && rule.rank > widest.max) {
      throw new InputError(
        `lowrank: rank ${rule.rank} is larger than every layer of this model; the allowed range is 1..${widest.max} (layer '${widest.name}' has min(in, out) = ${widest.max}) — lower 'rank' or use 'rankFraction'`,
        'lowrank-rank-too-large',
      );
    }
    const out: LayerPlan[] = [];
    const layers: LowrankLayerInfo[] = [];
    for (const p of plans) {
      const m = kernelMatrix(p);
      if (!m) {
        out.push(p);
        continue;
      }
      const d = svd(p.weights![0].values, m.rows, m.cols);
      const r = Math.min(chooseRank(d.singular, rule), d.singular.length);
      const before = m.rows * m.cols;
      const after = r * (m.rows + m.cols);
      const base = {
        layer: String(p.config.name),
        kind: p.className,
        matrix: [m.rows, m.cols] as [number, number],
        rank: r,
        paramsBefore: before,
      };
      if (after >= before) {
        layers.push({
          ...base,
          paramsAfter: before,
          discardedEnergy: 0,
          factorized: false,
          reason: `no saving: r·(in+out) = ${after} >= in·out = ${before}`,
        });
        out.push(p);
        continue;
      }
      const { a, b } = lowRankFactors(d, r);
      layers.push({ ...base, paramsAfter: after, discardedEnergy: discardedEnergy(d.singular, r), factorized: true });
      out.push(...factorPlans(p, r, a, b));
    }
    const student = buildSequential(out, `${model.name}_lowrank`);
    let fineTune: { epochs: number; trainMs: number; loss: number } | undefined;
    if (settings.fineTuneEpochs > 0) {
      const r = await trainModel(student, ctx.dataset.train, ctx.dataset, { ...ctx.train, epochs: settings.fineTuneEpochs }, ctx.seed, {
        onEpoch: (e, loss) => ctx.log(`lowrank fine-tune epoch ${e + 1}/${settings.fineTuneEpochs}, loss ${loss.toFixed(4)}`),
      });
      fineTune = { epochs: settings.fineTuneEpochs, trainMs: r.trainMs, loss: r.loss };
    }
    const sum = (f: (l: LowrankLayerInfo) => number) => layers.reduce((acc, l) => acc + f(l), 0);
    return {
      model: student,
      info: {
        factorizedLayers: layers.filter((l) => l.factorized).map((l) => l.layer),
        leftAlone: layers.filter((l) => !l.factorized).map((l) => ({ layer: l.layer, reason: l.reason })),
        kernelParamsBefore: sum((l) => l.paramsBefore),
        kernelParamsAfter: sum((l) => l.paramsAfter),
        layers,
        ...(fineTune ? { fineTune } : {}),
      },
    };
  },
};
