import type * as tf from '@tensorflow/tfjs';
import { loadGraph } from '../engine/graph-read.js';
import type { Predictor } from '../engine/predictor.js';
import { detectModelKind } from '../models/kind.js';
import type { Dataset } from '../data/types.js';
import { loadModel } from '../engine/artifact-read.js';
import type { CellRecord } from '../results/record.js';
import type { LoadedSuite } from '../suite/load.js';
import type { Cell } from '../suite/plan.js';
import { entryArtifactRoot, writeEntry } from './cache.js';
import { runVariantCell } from './cell.js';
import { runGraphVariant } from './graph-cell.js';
import { runOnnxVariant } from './onnx-cell.js';
import { runDistillVariant } from './distill-cell.js';
import { resolveLayers } from './layers.js';
import { runOriginal } from './original.js';
import type { SeedContext } from './types.js';

/** A seed context without what the runner supplies per task (suite, data, artifact root): plain data. */
export type SeedData = Omit<SeedContext, 'suite' | 'dataset' | 'artifactRoot'> & Record<string, unknown>;

/** One unit of work, as plain data (it crosses to worker threads). `entry` is its cache entry folder. */
export type CellTask =
  | { kind: 'original'; suite: LoadedSuite; dataset: Dataset; cell: Cell; entry: string }
  | { kind: 'variant'; suite: LoadedSuite; dataset: Dataset; seed: SeedData; cell: Cell; entry: string };

/** What a task hands back: the cell's record and, for an original, its seed context. */
export interface CellResult {
  record: CellRecord;
  seed?: SeedData;
}

/** Loaded originals kept per executor (each is a timing reference for its seed's variants). */
const KEEP_ORIGINALS = 4;

/**
 * Runs cell tasks in this thread and writes each finished cell into its cache entry (so work is
 * kept the moment it is done). Keeps the last few loaded originals for the variants that follow.
 */
export class CellExecutor {
  private readonly originals = new Map<string, Predictor>();

  /** Runs one task; a throwing cell rejects (the caller records it as failed; nothing is cached). */
  async execute(task: CellTask, log: (message: string) => void): Promise<CellResult> {
    if (task.kind === 'original') {
      const { record, ctx, model } = await runOriginal(task.suite, task.dataset, task.cell, entryArtifactRoot(task.entry), log);
      if (model) this.keep(ctx.originalDir, model);
      const { suite: _s, dataset: _d, artifactRoot: _a, ...seed } = ctx;
      writeEntry(task.entry, record, seed);
      return { record, seed: seed as SeedData };
    }
    const ctx = { ...task.seed, suite: task.suite, dataset: task.dataset, artifactRoot: entryArtifactRoot(task.entry) } as SeedContext;
    const kind = detectModelKind(ctx.originalDir);
    if (kind === 'onnx') {
      const record = task.cell.method === 'distill' ? await runDistillVariant(ctx, task.cell, kind) : await runOnnxVariant(ctx, task.cell);
      writeEntry(task.entry, record);
      return { record };
    }
    const original = await this.original(ctx.originalDir);
    if (kind === 'graph' && task.cell.method === 'distill') {
      const record = await runDistillVariant(ctx, task.cell, kind, original);
      writeEntry(task.entry, record);
      return { record };
    }
    const cell = task.cell.layers ? resolveLayers(task.cell, original as tf.LayersModel) : task.cell;
    const measured = kind === 'graph' ? await runGraphVariant(ctx, cell, original) : await runVariantCell(ctx, cell, original);
    const record: CellRecord = cell.layers ? { ...measured, layers: cell.layers } : measured;
    writeEntry(task.entry, record);
    return { record };
  }

  /** Disposes the loaded originals. */
  dispose(): void {
    for (const m of this.originals.values()) m.dispose();
    this.originals.clear();
  }

  private async original(dir: string): Promise<Predictor> {
    const have = this.originals.get(dir);
    if (have) return have;
    const model = detectModelKind(dir) === 'graph' ? await loadGraph(dir) : await loadModel(dir);
    this.keep(dir, model);
    return model;
  }

  private keep(dir: string, model: Predictor): void {
    const old = this.originals.get(dir);
    if (old && old !== model) old.dispose();
    this.originals.delete(dir);
    this.originals.set(dir, model);
    while (this.originals.size > KEEP_ORIGINALS) {
      const [first, m] = this.originals.entries().next().value as [string, Predictor];
      m.dispose();
      this.originals.delete(first);
    }
  }
}
