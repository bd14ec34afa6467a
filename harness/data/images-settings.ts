import { z } from 'zod';

const perChannel = z.union([z.number(), z.array(z.number()).min(1).max(3)]);

/** Settings of the `images` source: a folder of PNG / JPEG files and where their labels come from. */
export const imagesSettings = z
  .object({
    dir: z.string().min(1).describe('folder of images, relative to the suite file'),
    labels: z
      .union([z.enum(['folders', 'none']), z.string().regex(/\.csv$/i, "give 'folders', 'none' or a .csv file of file,label rows")])
      .default('folders')
      .describe(
        "'folders': one subfolder per class (its name is the label); 'none': no labels (label-free evaluation); or a CSV file with columns file,label (paths relative to 'dir')",
      ),
    size: z
      .tuple([z.number().int().positive(), z.number().int().positive()])
      .optional()
      .describe('[height, width] every image is resized to (bilinear); default: the size of the images, which must then all agree'),
    channels: z
      .union([z.literal(1), z.literal(3)])
      .default(3)
      .describe('1 (grey: BT.601 luma) or 3 (RGB); alpha is dropped'),
    scale: z
      .number()
      .positive()
      .default(1 / 255)
      .describe('pixel values (0-255) are multiplied by this first'),
    mean: perChannel.default(0).describe('subtracted after scaling: one value, or one per channel'),
    std: perChannel.default(1).describe('divided by after subtracting the mean: one value, or one per channel'),
    layout: z
      .enum(['nhwc', 'nchw'])
      .default('nhwc')
      .describe("input layout: 'nhwc' ([h, w, c], tfjs) or 'nchw' ([c, h, w], PyTorch exports)"),
    testFraction: z.number().gt(0).lt(1).default(0.2).describe('share of images held out for testing, per class'),
    limit: z.number().int().positive().optional().describe('use a stratified subset of this many images'),
  })
  .strict()
  .superRefine((s, ctx) => {
    for (const key of ['mean', 'std'] as const) {
      const v = s[key];
      if (Array.isArray(v) && v.length !== 1 && v.length !== s.channels) {
        ctx.addIssue({
          code: 'custom',
          path: [key],
          message: `${v.length} values for ${s.channels} channel${s.channels > 1 ? 's' : ''}; give one value, or one per channel`,
        });
      }
    }
    if ((Array.isArray(s.std) ? s.std : [s.std]).includes(0))
      ctx.addIssue({ code: 'custom', path: ['std'], message: 'a std of 0 divides by zero; every std must be non-zero' });
  });
export type ImagesSettings = z.infer<typeof imagesSettings>;
