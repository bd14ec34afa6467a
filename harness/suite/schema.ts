import { z } from 'zod';
import { compareSettings } from './compare-settings.js';
import { topKSetting } from '../measure/quality-probs.js';
import { speedSettings } from '../measure/speed-settings.js';
import { trainSettings } from '../models/train-settings.js';
import { RUNTIME_NAMES } from '../runtimes/names.js';

const name = z.string().min(1).max(200);
const settingsMap = z.record(z.string(), z.unknown());

/** `dataset`: a data source from the registry and its settings (checked against that source). */

/** An optional list of runtime names, each at most once. */
const runtimeList = (description: string) =>
  z
    .array(z.enum(RUNTIME_NAMES))
    .min(1)
    .refine((r) => new Set(r).size === r.length, 'list each runtime once')
    .optional()
    .describe(description);
export const datasetSpec = z
  .object({ source: z.string().describe('data source name (see `slimbench list datasets`)') })
  .catchall(z.unknown());

/** `model`: train an architecture from the registry, or load a tfjs artifact. */
export const modelSpec = z
  .object({
    arch: z.string().optional().describe('architecture name (see `slimbench list archs`)'),
    settings: settingsMap.default({}).describe('architecture settings'),
    path: z.string().optional().describe('a tfjs model.json (or its folder) to load instead of training'),
    classes: z
      .array(z.string().min(1))
      .min(1)
      .optional()
      .describe("label names in the order of the model's outputs (default: the sorted label names; label-free data: 0, 1, ...)"),
    train: trainSettings.default(trainSettings.parse({})).describe('training of the original model (also used by methods that fine-tune)'),
  })
  .strict()
  .refine((m) => (m.arch === undefined) !== (m.path === undefined), { message: "give exactly one of 'arch' (train) or 'path' (load)" });

/** Control modes of a suite (`controls`). */
export const CONTROL_MODES = ['auto', 'none'] as const;

/** Ablation designs of a variant. */
export const ABLATIONS = ['one-at-a-time', 'leave-one-out'] as const;
export type Ablation = (typeof ABLATIONS)[number];

/** `sensitivity`: compress one layer at a time across a settings range. */
export const sensitivitySpec = z
  .object({
    method: z.string().describe('compression method applied to one layer at a time'),
    settings: settingsMap.default({}).describe('method settings; a list sweeps a setting'),
    layers: z
      .union([z.literal('all'), z.array(z.string().min(1)).min(1)])
      .default('all')
      .describe("'all' (every layer with a kernel or embedding) or a list of layer names"),
  })
  .strict();

/**
 * One variant: a compression method with settings; list-valued settings sweep. With `ablate` the
 * sweep is an ablation design; with `sensitivity` (instead of method and settings) each layer is
 * compressed on its own.
 */
export const variantSpec = z
  .object({
    name: z
      .string()
      .regex(/^[A-Za-z0-9][A-Za-z0-9._+-]*$/, 'use letters, digits and . _ + - (no spaces)')
      .describe('unique variant name'),
    method: z.string().optional().describe('compression method (see `slimbench list methods`)'),
    settings: settingsMap.default({}).describe('method settings; a list sweeps a setting'),
    zip: z.boolean().default(false).describe('pair list-valued settings element by element instead of a grid'),
    ablate: z
      .enum(ABLATIONS)
      .optional()
      .describe(
        "'one-at-a-time': vary one list-valued setting at a time from `default`; 'leave-one-out' (pipeline): drop each step in turn",
      ),
    default: settingsMap.optional().describe("the point 'one-at-a-time' varies from (default: each list's first value)"),
    sensitivity: sensitivitySpec.optional().describe('compress one layer at a time (instead of method and settings)'),
  })
  .strict();

/** `measure`: statistics and the speed protocol. */
export const measureSpec = z
  .object({
    ciLevel: z.number().gt(0.5).lt(1).default(0.95).describe('confidence level of every interval'),
    resamples: z.number().int().min(100).max(100_000).default(1000).describe('bootstrap resamples'),
    speed: speedSettings.default(speedSettings.parse({})),
    topK: topKSetting,
    runtimes: runtimeList(
      "runtimes that time every cell, original and variant interleaved on each (default [tfjs]; the first one's speed is the cell's top-level speed; --runtimes overrides)",
    ),
    threads: z
      .number()
      .int()
      .min(1)
      .max(256)
      .optional()
      .describe('intra-op threads of the onnxruntime runtimes (default 1, so figures compare across runtimes)'),
  })
  .strict();

/** A gate: claims checked on every cell of one variant, e.g. `retention.accuracy: ">= 0.99"`. */
export const gateSpec = z
  .object({
    variant: z.string().describe('variant the claims apply to'),
    checks: z
      .record(z.string(), z.string().regex(/^\s*(>=|<=|>|<|==)\s*-?[0-9.eE+-]+\s*$/, "write a comparison such as '>= 0.99'"))
      .describe('record field path → comparison'),
  })
  .strict();

/** `quick`: overrides for a fast smoke run (`--quick`). */
export const quickSpec = z
  .object({
    epochs: z.number().int().min(0).optional().describe('training epochs of the original'),
    limit: z.number().int().min(10).optional().describe('rows of the dataset to use'),
    sweepPoints: z.number().int().min(1).optional().describe('sweep values kept per setting (first, last, evenly between)'),
    caps: z
      .record(z.string(), z.number())
      .optional()
      .describe('upper bounds of numeric method settings by name, e.g. fineTuneEpochs: 1 (every variant and pipeline step)'),
    runtimes: runtimeList(
      'runtimes of a --quick run in place of measure.runtimes (an integer ONNX variant is still measured on onnxruntime; --runtimes overrides both)',
    ),
  })
  .strict();

/** `claim`: what a suite reproduces, shown in the README's results table (`slimbench claims`). */
export const claimSpec = z
  .object({
    text: z.string().min(1).describe('the claim, in one sentence'),
    source: z.string().min(1).describe('where it comes from: paper or case study'),
    figure: z.string().min(1).describe("the source's own figure, e.g. '12x fewer weights, no accuracy loss'"),
    figures: z
      .array(
        z
          .object({
            label: z.string().min(1).describe('what the figure is, e.g. "accuracy retained"'),
            variant: z.string().describe("variant whose cell holds it ('original' for the original model)"),
            cell: z.string().optional().describe('cell id without the seed tag, when the variant has several settings points'),
            field: z.string().describe('record field path, e.g. retention.accuracy, size.gzipRatio, methodInfo.control.accuracy'),
            minus: z
              .string()
              .optional()
              .describe(
                "a variant whose same field is subtracted seed by seed: a paired difference, with a t interval over seeds; 'control' subtracts each cell's own compute-matched control, 'control[fineTune=5]' that control cell (for one seed, field vsControl.<metric> gives the paired bootstrap interval)",
              ),
            format: z
              .enum(['percent', 'points', 'ratio', 'number'])
              .default('number')
              .describe("'percent' (0.98 → 98.0%), 'points' (−0.004 → −0.4 pt), 'ratio' (12.3x) or a plain number"),
          })
          .strict(),
      )
      .min(1)
      .describe("our figures of the suite's baseline, shown beside the source's"),
  })
  .strict();
export type ClaimSpec = z.infer<typeof claimSpec>;

/** A suite file. */
export const suiteSpec = z
  .object({
    $schema: z.string().optional(),
    name,
    description: z.string().optional(),
    seed: z.number().int().min(0).default(1).describe('seed of data split, initialisation and batch order'),
    repeats: z.number().int().min(1).max(100).default(1).describe('seeds per cell (seed, seed+1, ...)'),
    dataset: datasetSpec,
    model: modelSpec,
    variants: z.array(variantSpec).default([]),
    measure: measureSpec.default(measureSpec.parse({})),
    gates: z.array(gateSpec).default([]),
    quick: quickSpec.default({}),
    claim: claimSpec.optional().describe('the claim the suite reproduces (README results table)'),
    controls: z
      .enum(CONTROL_MODES)
      .default('auto')
      .describe(
        "'auto': every variant that trains beyond the original gets the original trained as long (cells 'control[fineTune=…]'), every structurally smaller model the same architecture trained from scratch; 'none': no control cells",
      ),
    compare: compareSettings.default(compareSettings.parse({})).describe('tolerances of `slimbench compare` against the baseline'),
  })
  .strict();

export type SuiteSpec = z.infer<typeof suiteSpec>;
export type VariantSpec = z.infer<typeof variantSpec>;
export type SensitivitySpec = z.infer<typeof sensitivitySpec>;
