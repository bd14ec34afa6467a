import { z } from 'zod';
import type { MethodSpec } from './spec.js';

const MAX_PHASES = 16;

/** One phase of further training: epochs at one Adam learning rate. */
const phase = z
  .object({
    epochs: z
      .number()
      .int()
      .min(1, 'epochs must be in 1..10000')
      .max(10_000, 'epochs must be in 1..10000')
      .describe('passes over the training split (1..10000)'),
    learningRate: z
      .number()
      .gt(0, 'learningRate must be in (0, 10]')
      .max(10, 'learningRate must be in (0, 10]')
      .describe('Adam learning rate (0..10)'),
  })
  .strict();

/** Settings of `fine-tune`: the original trained further, nothing compressed (the compute-matched control). */
export const fineTuneSettings = z
  .object({
    phases: z
      .array(phase)
      .min(1, `phases must list 1..${MAX_PHASES} phases`)
      .max(MAX_PHASES, `phases must list 1..${MAX_PHASES} phases`)
      .describe(`training phases in order, each {epochs, learningRate}, with the original's batch size (1..${MAX_PHASES})`),
  })
  .strict();
export type FineTuneSettings = z.infer<typeof fineTuneSettings>;

/** Description and settings of `fine-tune`. */
export const fineTuneSpec: MethodSpec<FineTuneSettings> = {
  description:
    'further training of the original with nothing compressed: the compute-matched control of a variant that fine-tunes (same extra epochs, learning rate and batch size)',
  settings: fineTuneSettings,
};

/** Settings of `from-scratch`; `structure` is checked against its method's schema. */
export type FromScratchSettings = {
  structure: { method: string; settings: Record<string, unknown> };
  epochs?: number;
};

/** The `from-scratch` settings schema; `lookup` resolves the structure's method (the registry). */
export function fromScratchSettings(lookup: (name: string) => MethodSpec): z.ZodType<FromScratchSettings> {
  return z
    .object({
      structure: z
        .object({
          method: z.string().describe('the method whose output architecture is trained from scratch (e.g. prune-structured)'),
          settings: z
            .record(z.string(), z.unknown())
            .default({})
            .describe("that method's settings (single values; its fine-tuning is not run)"),
        })
        .strict()
        .describe('{method, settings} giving the smaller architecture'),
      epochs: z
        .number()
        .int()
        .min(1)
        .max(10_000)
        .optional()
        .describe("training epochs from fresh weights (1..10000; default: the original's)"),
    })
    .strict()
    .superRefine((s, ctx) => {
      let method: MethodSpec;
      try {
        method = lookup(s.structure.method);
      } catch (err) {
        ctx.addIssue({ code: 'custom', path: ['structure', 'method'], message: err instanceof Error ? err.message : String(err) });
        return;
      }
      const r = method.settings.safeParse(s.structure.settings);
      if (!r.success)
        for (const issue of r.error.issues)
          ctx.addIssue({ code: 'custom', path: ['structure', 'settings', ...issue.path], message: issue.message });
    });
}

/** Description and settings of `from-scratch`; `lookup` resolves the structure's method. */
export function fromScratchSpec(lookup: (name: string) => MethodSpec): MethodSpec<FromScratchSettings> {
  return {
    description:
      'the smaller architecture another method produces, with fresh seeded weights, trained from scratch: the control of a structurally smaller model (Liu et al. 2019)',
    settings: fromScratchSettings(lookup),
  };
}
