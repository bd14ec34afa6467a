import type { z } from 'zod';

/**
 * What suite validation needs of an architecture: its description and settings schema. Kept
 * free of tfjs, so that `slimbench validate` does not load it; the builder is in {@link Architecture}.
 */
export interface ArchSpec<S = any> {
  description: string;
  settings: z.ZodType<S>;
}
