import { z } from 'zod';
import type { ArchSpec } from './spec.js';

/** Settings of the LeNet architectures: `width` scales every hidden layer (students use < 1). */
export const lenetSettings = z
  .object({
    width: z.number().gt(0).max(16).default(1).describe("factor on every hidden layer's units or filters"),
  })
  .strict();
export type LenetSettings = z.infer<typeof lenetSettings>;

/** Description and settings of `lenet300100`. */
export const lenet300100Spec: ArchSpec<LenetSettings> = {
  description: 'LeNet-300-100: Dense 300 → 100 (ReLU) → softmax, scaled by width',
  settings: lenetSettings,
};

/** Description and settings of `lenet5`. */
export const lenet5Spec: ArchSpec<LenetSettings> = {
  description: 'LeNet-5: two 5×5 conv + maxpool stages, Dense 120 → 84 → softmax, scaled by width',
  settings: lenetSettings,
};
