import { readFileSync } from 'node:fs';
import { Ajv, type ValidateFunction } from 'ajv';
import type { RunRecord } from '../../harness/results/record.js';
import { readRecord } from '../../harness/results/store.js';
import type { ChartSpec } from '../../harness/report/charts/common.js';
import { packageDir } from '../../harness/report/assets.js';
import { fixture } from '../helpers/paths.js';

/** Paths of the crafted report fixtures: a newer run (every field filled) and an older run of the same suite. */
export const FIXTURES = {
  newer: fixture('records/report-hostile-new.json'),
  older: fixture('records/report-hostile-old.json'),
};

/** The suite name of the fixtures: markup that must show as text. */
export const HOSTILE_SUITE = '<script>alert(1)</script>';

/** A fresh copy of a fixture record (tests may change it). */
export function loadFixture(which: keyof typeof FIXTURES = 'newer'): RunRecord {
  return readRecord(FIXTURES[which]);
}

let validator: ValidateFunction | undefined;

/** Errors of a spec against the Vega-Lite JSON schema the vega-lite package ships (empty when valid). */
export function schemaErrors(spec: unknown): string[] {
  if (!validator) {
    const schema = JSON.parse(readFileSync(`${packageDir('vega-lite')}/build/vega-lite-schema.json`, 'utf8')) as object;
    const ajv = new Ajv({ strict: false, allErrors: false, validateFormats: false });
    validator = ajv.compile(schema);
  }
  return validator(spec) ? [] : (validator.errors ?? []).slice(0, 5).map((e) => `${e.instancePath} ${e.message ?? ''}`);
}

/** One unit view of a spec: its mark type, encoding, transforms and the data it sees. */
export interface Unit {
  mark: string;
  encoding: Record<
    string,
    { field?: string; datum?: unknown; value?: unknown; type?: string; scale?: Record<string, unknown> } | undefined
  >;
  transform: unknown[];
  markDef: Record<string, unknown>;
}

type Node = Record<string, unknown>;

/** Every unit (mark) view of a spec, through layers and concatenations, with inherited encodings. */
export function units(spec: ChartSpec | Node): Unit[] {
  const out: Unit[] = [];
  const walk = (n: Node, enc: Node, tf: unknown[]) => {
    const encoding = { ...enc, ...((n.encoding as Node) ?? {}) };
    const transform = [...tf, ...((n.transform as unknown[]) ?? [])];
    for (const key of ['layer', 'hconcat', 'vconcat', 'concat']) {
      if (Array.isArray(n[key])) for (const child of n[key] as Node[]) walk(child, key === 'layer' ? encoding : {}, transform);
    }
    if (n.mark) {
      const markDef = typeof n.mark === 'string' ? { type: n.mark } : (n.mark as Node);
      out.push({ mark: String(markDef.type), encoding: encoding as Unit['encoding'], transform, markDef });
    }
  };
  walk(spec as Node, {}, []);
  return out;
}

/** The inline data rows of a spec (top level, or of its first layer that has data). */
export function rowsOf<T = Record<string, unknown>>(spec: ChartSpec | Node): T[] {
  const s = spec as Node;
  const data = s.data as { values?: T[] } | undefined;
  if (data?.values) return data.values;
  for (const l of (s.layer as Node[]) ?? []) {
    const d = l.data as { values?: T[] } | undefined;
    if (d?.values) return d.values;
  }
  return [];
}

/** Approximate equality for floating-point checks. */
export function close(a: number, b: number, eps = 1e-9): boolean {
  return Math.abs(a - b) <= eps;
}
