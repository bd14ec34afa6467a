import { z } from 'zod';
import type { MethodSpec } from './spec.js';

/** Settings of knowledge distillation. */
export const distillSettings = z
  .object({
    arch: z
      .string()
      .optional()
      .describe("student architecture from the registry (see `slimbench list archs`); default: the teacher's, scaled by 'width'"),
    archSettings: z
      .record(z.string(), z.unknown())
      .optional()
      .describe("settings of the student's 'arch' (defaults of that architecture when absent)"),
    width: z
      .number()
      .gt(0)
      .max(16)
      .optional()
      .describe(
        "student = the teacher's architecture with every hidden width times this (0..16; 0.5 when neither 'arch' nor 'width' is given)",
      ),
    temperature: z.number().gt(0).max(100).default(4).describe('softening temperature T of teacher and student outputs (0..100)'),
    alpha: z
      .number()
      .min(0)
      .max(1)
      .default(0.9)
      .describe('weight of the soft (teacher) term; 1 − alpha weighs the hard-label cross-entropy (0..1)'),
    epochs: z.number().int().min(1).max(10_000).optional().describe("student training epochs (1..10000; default: the original's)"),
    learningRate: z.number().gt(0).max(10).optional().describe("student Adam learning rate (0..10; default: the original's)"),
    control: z
      .boolean()
      .default(true)
      .describe('also train the same student on hard labels alone and report its test accuracy (doubles the cost)'),
  })
  .strict()
  .refine((s) => s.arch === undefined || s.width === undefined, {
    message: "give either 'arch' (a declared student) or 'width' (the teacher scaled), not both",
  })
  .refine((s) => s.archSettings === undefined || s.arch !== undefined, { message: "'archSettings' needs 'arch'", path: ['archSettings'] });
export type DistillSettings = z.infer<typeof distillSettings>;

/** Description and settings of `distill`. */
export const distillSpec: MethodSpec<DistillSettings> = {
  description: "knowledge distillation: trains a smaller student on the teacher's softened outputs",
  settings: distillSettings,
};
