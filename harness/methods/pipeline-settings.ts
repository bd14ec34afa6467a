import { z } from 'zod';
import { fineTuneFields } from './fine-tune-settings.js';
import type { MethodSpec } from './spec.js';

const MAX_STEPS = 16;

/** One step of a pipeline as written in a suite. */
const stepSchema = z
  .looseObject({
    method: z.string().describe('name of a compression method'),
    settings: z.record(z.string(), z.unknown()).optional().describe("that method's settings (single values, no sweeps)"),
  })
  .describe('{method, settings}');

/** Settings of a pipeline. */
export type PipelineSettings = {
  steps: { method: string; settings?: Record<string, unknown> }[];
  fineTuneEpochs: number;
  fineTuneLearningRate?: number;
};

/** The pipeline settings schema; each step's settings are checked against its method's schema. */
export function pipelineSettings(lookup: (name: string) => MethodSpec): z.ZodType<PipelineSettings> {
  return z
    .object({
      steps: z
        .array(stepSchema)
        .min(1, `steps must list 1..${MAX_STEPS} steps`)
        .max(MAX_STEPS, `steps must list 1..${MAX_STEPS} steps`)
        .describe(`methods applied in order, each {method, settings} (1..${MAX_STEPS} steps)`),
      ...fineTuneFields,
    })
    .strict()
    .superRefine((s, ctx) => {
      s.steps.forEach((step, i) => {
        for (const key of Object.keys(step)) {
          if (key !== 'method' && key !== 'settings')
            ctx.addIssue({
              code: 'custom',
              path: ['steps', i, key],
              message: `unknown key '${key}'; a step has only 'method' and 'settings'`,
            });
        }
        let method: MethodSpec;
        try {
          method = lookup(step.method);
        } catch (err) {
          ctx.addIssue({ code: 'custom', path: ['steps', i, 'method'], message: err instanceof Error ? err.message : String(err) });
          return;
        }
        const r = method.settings.safeParse(step.settings ?? {});
        if (!r.success)
          for (const issue of r.error.issues)
            ctx.addIssue({ code: 'custom', path: ['steps', i, 'settings', ...issue.path], message: issue.message });
      });
    });
}

/** Description and settings of `pipeline`; `lookup` resolves step method names (the registry). */
export function pipelineSpec(lookup: (name: string) => MethodSpec): MethodSpec<PipelineSettings> {
  return {
    description:
      'a sequence of methods (e.g. prune → fine-tune → quantize) with fine-tuning between steps; pruning masks are held through later steps',
    settings: pipelineSettings(lookup),
  };
}
