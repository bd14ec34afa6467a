import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { LineCounter, parseDocument } from 'yaml';
import { InputError, isInputError, unknownNameMessage } from '../errors.js';
import { readOnnxFile } from '../runtimes/load-errors.js';
import { decodeOnnxFile } from '../runtimes/onnx-import.js';
import { CLAIM_ROOTS, GATE_ROOTS, rootOf } from '../results/metrics.js';
import { datasets, isDatasetName, type DataSource } from '../data/index.js';
import type { ArchSpec } from '../models/spec.js';
import { archSpecs, isArchName } from '../models/specs.js';
import { Locator, zodIssues } from './locate.js';
import { suiteSpec, type SuiteSpec } from './schema.js';
import { checkVariants } from './check-variants.js';
import { METHOD_KINDS, methodKinds } from '../methods/kinds.js';
import { detectModelKind, type ModelKind } from '../models/kind.js';
import { variantBody } from './variant.js';
import type { LoadedSuite } from './loaded.js';

export type { LoadedSuite } from './loaded.js';

/** Field paths gates may check, by their first segment (from the one table of record figures). */
export { GATE_ROOTS };

/**
 * Reads, parses and validates a suite file. Every problem found is reported at once, one
 * `file:line:col message` per line, in a single InputError.
 */
export function loadSuite(file: string): LoadedSuite {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the suite file; check the path`, 'suite-missing');
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length > 0) {
    const msgs = doc.errors.map((e) => {
      const pos = lines.linePos(e.pos[0]);
      return `${file}:${pos.line}:${pos.col} YAML syntax error: ${e.message.split('\n')[0]}; fix the YAML (check indentation, colons and quotes)`;
    });
    throw new InputError(msgs.join('\n'), 'suite-yaml');
  }
  const loc = new Locator(file, doc, lines);
  let data: unknown;
  try {
    data = doc.toJS() ?? {};
  } catch (err) {
    // e.g. an alias (*a) whose anchor (&a) is not defined before it
    throw new InputError(
      `${file}: YAML error: ${(err as Error).message}; define each anchor (&name) before its alias (*name)`,
      'suite-yaml',
    );
  }
  const parsed = suiteSpec.safeParse(data);
  if (!parsed.success) throw new InputError(zodIssues(loc, parsed.error, [], suiteSpec).join('\n'), 'suite-schema');
  const spec = parsed.data;
  const dir = dirname(resolve(file));
  const errors: string[] = [];
  const datasetSettings = checkDataset(spec, loc, dir, errors);
  const archSettings = checkModel(spec, loc, dir, errors);
  checkVariants(spec, loc, errors);
  const kind: ModelKind = spec.model.path !== undefined ? detectModelKind(resolve(dir, spec.model.path)) : 'layers';
  checkKinds(spec, kind, loc, errors);
  checkGates(spec, loc, errors);
  if (errors.length > 0) throw new InputError(errors.join('\n'), 'suite-invalid');
  return { spec, file, dir, hash: createHash('sha256').update(text).digest('hex'), datasetSettings, archSettings };
}

function checkDataset(spec: SuiteSpec, loc: Locator, dir: string, errors: string[]): Record<string, unknown> {
  const { source, ...settings } = spec.dataset;
  if (!isDatasetName(source)) {
    errors.push(`${loc.at(['dataset', 'source'])} ${unknownNameMessage('dataset source', source, Object.keys(datasets))}`);
    return {};
  }
  const ds: DataSource = datasets[source];
  const r = ds.settings.safeParse(settings);
  if (!r.success) {
    errors.push(...zodIssues(loc, r.error, ['dataset'], ds.settings));
    return {};
  }
  // A pretrained model expects its own preprocessing, so a loaded original reads raw features unless the suite says otherwise.
  if (
    spec.model.path !== undefined &&
    !Object.hasOwn(settings, 'standardize') &&
    typeof (r.data as Record<string, unknown>).standardize === 'boolean'
  ) {
    (r.data as Record<string, unknown>).standardize = false;
  }
  // Settings that name files; `labels` only when it is a file (it may also be a mode or an array name).
  const data = r.data as Record<string, unknown>;
  for (const key of ['file', 'dir', 'vocab', 'labels']) {
    const f = data[key];
    if (typeof f !== 'string' || (key === 'labels' && !/\.(csv|npy)$/i.test(f))) continue;
    if (!existsSync(resolve(dir, f)))
      errors.push(`${loc.at(['dataset', key])} dataset ${key} not found: ${resolve(dir, f)}; paths are relative to the suite file`);
  }
  return r.data as Record<string, unknown>;
}

function checkModel(spec: SuiteSpec, loc: Locator, dir: string, errors: string[]): Record<string, unknown> {
  if (spec.model.path !== undefined) {
    if (!existsSync(resolve(dir, spec.model.path))) {
      errors.push(
        `${loc.at(['model', 'path'])} model artifact not found: ${resolve(dir, spec.model.path)}; paths are relative to the suite file`,
      );
    } else if (detectModelKind(resolve(dir, spec.model.path)) === 'onnx') {
      // Decoding the protobuf is cheap; a session (and the shape checks) waits for `run`.
      try {
        decodeOnnxFile(readOnnxFile(resolve(dir, spec.model.path)), resolve(dir, spec.model.path));
      } catch (err) {
        if (!isInputError(err)) throw err;
        errors.push(`${loc.at(['model', 'path'])} ${(err as Error).message}`);
      }
    }
    return {};
  }
  const name = spec.model.arch!;
  if (!isArchName(name)) {
    errors.push(`${loc.at(['model', 'arch'])} ${unknownNameMessage('architecture', name, Object.keys(archSpecs))}`);
    return {};
  }
  const arch: ArchSpec = archSpecs[name];
  const r = arch.settings.safeParse(spec.model.settings);
  if (!r.success) errors.push(...zodIssues(loc, r.error, ['model', 'settings'], arch.settings));
  return r.success ? (r.data as Record<string, unknown>) : {};
}

function checkGates(spec: SuiteSpec, loc: Locator, errors: string[]): void {
  const names = spec.variants.map((v) => v.name);
  spec.gates.forEach((g, i) => {
    if (!names.includes(g.variant)) errors.push(`${loc.at(['gates', i, 'variant'])} ${unknownNameMessage('variant', g.variant, names)}`);
    for (const check of Object.keys(g.checks)) {
      if (!GATE_ROOTS.includes(rootOf(check))) {
        errors.push(
          `${loc.at(['gates', i, 'checks', check], true)} unknown check '${check}'; a check starts with one of: ${GATE_ROOTS.join(', ')}`,
        );
      }
    }
  });
  spec.claim?.figures.forEach((f, i) => {
    if (!CLAIM_ROOTS.includes(rootOf(f.field))) {
      errors.push(
        `${loc.at(['claim', 'figures', i, 'field'])} unknown field '${f.field}'; a claim figure's field starts with one of: ${CLAIM_ROOTS.join(', ')} (see 'slimbench list metrics')`,
      );
    }
  });
}

const KIND_NAMES: Record<ModelKind, string> = { layers: 'a tfjs layers model', graph: 'a tfjs graph model', onnx: 'an ONNX file' };

/** Every variant's method must apply to the original's kind (weight-level methods on graph models; the rest on layers models). */
function checkKinds(spec: SuiteSpec, kind: ModelKind, loc: Locator, errors: string[]): void {
  if (kind === 'layers') return;
  spec.variants.forEach((v, i) => {
    const body = variantBody(v, i);
    if (v.sensitivity) {
      errors.push(
        `${loc.at(['variants', i, 'sensitivity'], true)} sensitivity compresses layers one at a time; model.path is ${KIND_NAMES[kind]}, which has no layers — remove the variant or load a layers model`,
      );
      return;
    }
    if (body.method === 'distill' && body.settings.arch === undefined) {
      errors.push(
        `${loc.at(body.methodPath)} distill from ${KIND_NAMES[kind]} needs a student 'arch' in its settings (e.g. arch: mlp); the teacher has no layers to scale by 'width'`,
      );
      return;
    }
    if (body.method === '' || methodKinds(body.method).includes(kind)) return;
    const usable = Object.keys(METHOD_KINDS).filter((m) => methodKinds(m).includes(kind));
    errors.push(
      `${loc.at(body.methodPath)} method '${body.method}' applies to tfjs layers models; model.path is ${KIND_NAMES[kind]} (methods for it: ${usable.join(', ')}) — use one of those or load a layers model`,
    );
  });
}
