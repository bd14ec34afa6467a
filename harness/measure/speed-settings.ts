import { z } from 'zod';

/** Settings of the speed protocol (suite `measure.speed`). */
export const speedSettings = z
  .object({
    batch: z.number().int().min(1).max(65_536).default(256).describe('batch size of the throughput measurement'),
    warmupRounds: z.number().int().min(0).max(1000).default(5).describe('untimed calls of each model before timing (at least)'),
    warmupMs: z.number().min(0).max(60_000).default(100).describe('untimed milliseconds before timing (at least)'),
    minRounds: z.number().int().min(2).max(100_000).default(20).describe('minimum timed throughput calls per model'),
    minTimeMs: z.number().min(0).max(600_000).default(500).describe('minimum timed throughput milliseconds per model'),
    maxRounds: z.number().int().min(2).max(1_000_000).default(5000).describe('stop timing after this many calls per model'),
    latencyRounds: z
      .number()
      .int()
      .min(0)
      .max(100_000)
      .default(100)
      .describe('minimum timed batch-1 calls per model (0: no latency figures)'),
    latencyTimeMs: z.number().min(0).max(600_000).default(100).describe('minimum timed batch-1 milliseconds per model'),
    quantile: z
      .number()
      .min(0.05)
      .max(0.95)
      .default(0.5)
      .describe('quantile of per-call times that stands for a model time (0.5: median; lower resists slow-downs from other processes)'),
    noiseThreshold: z.number().gt(0).max(10).default(0.1).describe("flag a speedup 'noisy' when its CI half-width / value exceeds this"),
  })
  .strict();
export type SpeedSettings = z.infer<typeof speedSettings>;
