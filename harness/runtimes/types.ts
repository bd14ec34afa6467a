// harness/runtimes/types.ts — tfjs-free types
import type { PairedTimes, ProtocolSettings } from '../measure/speed-protocol.js';

/** What a runtime can load. */
export type ArtifactFormat = 'tfjs-layers' | 'onnx';

/** A model file on disk in one format. */
export interface ModelArtifact {
  format: ArtifactFormat;
  /** model.json (tfjs) or the .onnx file */
  path: string;
}

/** How a runtime runs a model. */
export interface RuntimeOptions {
  /** intra-op threads (default 1) */
  threads: number;
  /** per-row input shape */
  inputShape: number[];
  /** tfjs backend for tfjs runtimes */
  backend?: string;
}

/** A model loaded on a runtime. */
export interface LoadedModel {
  /** `rows` holds batch × rowSize floats; resolves to batch × outputs probabilities. */
  predict(rows: Float32Array, batch: number): Promise<Float32Array>;
  /** Fetch + compile + first inference, in ms. */
  loadMs: number;
  dispose(): Promise<void>;
}

/** Whether a runtime runs here, and when not, how to get it. */
export type Availability = { available: true } | { available: false; hint: string };

/** Where a model is run and timed. */
export interface Runtime {
  description: string;
  formats: readonly ArtifactFormat[];
  /** Whether it runs on this machine; when not, how to get it. */
  availability(): Promise<Availability>;
  load(artifact: ModelArtifact, opts: RuntimeOptions): Promise<LoadedModel>;
  /**
   * Times `a` (the original) and `b` interleaved with the shared protocol on one input batch;
   * `probe` (a fixed workload in this process), when given, is timed once after each unit.
   */
  timePair(
    a: LoadedModel,
    b: LoadedModel,
    rows: Float32Array,
    batch: number,
    protocol: ProtocolSettings,
    probe?: () => void,
  ): Promise<PairedTimes>;
}
