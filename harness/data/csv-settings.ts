import { z } from 'zod';

/**
 * Settings of the `csv` dataset: one header line, one label column, feature columns that are
 * numbers, categories (`categorical`, one-hot encoded) or left out (`ignore`).
 */
export const csvSettings = z
  .object({
    file: z.string().min(1).describe('CSV file, relative to the suite file'),
    label: z.string().min(1).describe('name of the label column'),
    features: z.array(z.string()).optional().describe("feature columns (default: every other column not in 'ignore')"),
    categorical: z
      .union([z.literal('auto'), z.array(z.string().min(1))])
      .default([])
      .describe(
        "columns of category names, one-hot encoded with the categories of the training split; 'auto': every feature column holding a non-numeric value",
      ),
    unseen: z
      .enum(['error', 'zero'])
      .default('error')
      .describe('a test row whose category the training split never had: fail, or encode it as all zeros'),
    ignore: z.array(z.string().min(1)).default([]).describe('columns left out of the features (dates, ids, free text)'),
    testFraction: z.number().gt(0).lt(1).default(0.2).describe('share of rows held out for testing, per class'),
    missing: z
      .enum(['error', 'drop', 'impute-mean'])
      .default('error')
      .describe(
        'what to do with empty or NA feature values: fail, drop the row, or use the training mean (for a categorical column: the training share of each category)',
      ),
    standardize: z
      .boolean()
      .default(true)
      .describe(
        'z-score numeric features with mean/sd fitted on the training split (one-hot columns stay 0/1); default true for a model slimbench trains, false for a loaded one (model.path), which expects its own preprocessing',
      ),
    limit: z.number().int().positive().optional().describe('use a stratified subset of this many rows'),
  })
  .strict();
export type CsvSettings = z.infer<typeof csvSettings>;

/** Cell texts read as a missing value (compared lower-case). */
export const MISSING = new Set(['', 'na', 'nan', 'null', '?']);

/** True when a cell's text is a missing value. */
export function isMissing(text: string): boolean {
  return MISSING.has(text.toLowerCase());
}
