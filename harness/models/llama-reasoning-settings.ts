import { z } from 'zod';
import { llamaSettings, llamaTrainSettings } from './llama-settings.js';

/** The reasoning tasks slimbench's llama model is trained on. */
export const REASONING_TASKS = ['arith-chain', 'listops'] as const;
export type ReasoningTask = (typeof REASONING_TASKS)[number];

/** Settings of slimbench's own reasoning LLM: architecture, training, tasks (tfjs-free). */
export const reasoningLlamaSettings = z
  .object({
    model: llamaSettings.default(llamaSettings.parse({})),
    train: llamaTrainSettings.default(llamaTrainSettings.parse({})),
    tasks: z
      .array(z.enum(REASONING_TASKS))
      .min(1)
      .default([...REASONING_TASKS])
      .describe('tasks mixed in the training text'),
    trainSize: z
      .number()
      .int()
      .min(10)
      .max(1_000_000)
      .default(20_000)
      .describe('training prompts per task (drawn from the non-held-out expressions)'),
  })
  .strict();
export type ReasoningLlamaSettings = z.infer<typeof reasoningLlamaSettings>;
