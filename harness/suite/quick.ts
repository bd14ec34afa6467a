import { getDataSource } from '../data/index.js';
import type { LoadedSuite } from './loaded.js';

/** The suite with its `quick` overrides applied (fewer epochs, a data subset, its quick runtimes). */
export function applyQuick(suite: LoadedSuite): LoadedSuite {
  const q = suite.spec.quick;
  const source = getDataSource(suite.spec.dataset.source);
  const datasetSettings = q.limit !== undefined ? source.limit(suite.datasetSettings, q.limit) : suite.datasetSettings;
  const train = { ...suite.spec.model.train, ...(q.epochs !== undefined ? { epochs: q.epochs } : {}) };
  const measure = q.runtimes !== undefined ? { ...suite.spec.measure, runtimes: q.runtimes } : suite.spec.measure;
  return { ...suite, datasetSettings, spec: { ...suite.spec, model: { ...suite.spec.model, train }, measure } };
}

/**
 * Caps numeric settings named in `caps` at their bound, at any depth (so the settings of every
 * pipeline step are capped too). Other values are copied unchanged.
 */
export function capSettings<T>(value: T, caps: Record<string, number>): T {
  if (Array.isArray(value)) return value.map((v) => capSettings(v, caps)) as T;
  if (value === null || typeof value !== 'object') return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = typeof v === 'number' && Object.hasOwn(caps, k) ? Math.min(v, caps[k]) : capSettings(v, caps);
  }
  return out as T;
}
