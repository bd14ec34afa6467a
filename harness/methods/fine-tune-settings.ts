import { z } from 'zod';

/** Fine-tuning settings shared by the methods that retrain after changing a model. */
export const fineTuneFields = {
  fineTuneEpochs: z
    .number()
    .int('fineTuneEpochs must be an integer in 0..1000')
    .min(0, 'fineTuneEpochs must be in 0..1000')
    .max(1000, 'fineTuneEpochs must be in 0..1000')
    .default(0)
    .describe('epochs of fine-tuning on the training split afterwards (0..1000; 0 = none)'),
  fineTuneLearningRate: z
    .number()
    .gt(0, 'fineTuneLearningRate must be in (0, 10]')
    .max(10, 'fineTuneLearningRate must be in (0, 10]')
    .optional()
    .describe("Adam learning rate of fine-tuning (0..10; default: the original's rate / 10)"),
};
