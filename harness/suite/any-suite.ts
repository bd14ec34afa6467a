import { readFileSync } from 'node:fs';
import { isMap, LineCounter, parseDocument } from 'yaml';
import { InputError } from '../errors.js';
import { loadLlmSuiteDoc, type LoadedLlmSuite } from './llm-load.js';
import { loadSuite, type LoadedSuite } from './load.js';

/** A validated suite of either kind: tfjs models on a dataset, or LLMs on prompted tasks. */
export type AnySuite = ({ kind: 'tfjs' } & LoadedSuite) | LoadedLlmSuite;

/**
 * Reads and validates a suite file. A suite with a top-level `tasks` list is an LLM suite
 * (`model: {gguf}` or `{endpoint}`); any other is a tfjs suite ({@link loadSuite}).
 */
export function loadAnySuite(file: string): AnySuite {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new InputError(`${file}: cannot read the suite file; check the path`, 'suite-missing');
  }
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  const llm =
    doc.errors.length === 0 &&
    isMap(doc.contents) &&
    doc.contents.items.some((p) => String((p.key as { value?: unknown })?.value) === 'tasks');
  if (llm) return loadLlmSuiteDoc(file, text, doc, lines);
  return { kind: 'tfjs', ...loadSuite(file) };
}
