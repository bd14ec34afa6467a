import type { z } from 'zod';

/**
 * What suite validation needs of a compression method: its description and settings schema.
 * Kept free of tfjs, so that `slimbench validate` does not load it; `apply` is in
 * {@link CompressionMethod}.
 */
export interface MethodSpec<S = any> {
  description: string;
  settings: z.ZodType<S>;
}
