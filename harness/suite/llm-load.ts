import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Document, LineCounter } from 'yaml';
import { InputError, unknownNameMessage } from '../errors.js';
import type { LlmModelSpec } from '../data/llm-task-settings.js';
import { getPromptSource, promptItems } from '../data/prompt-items.js';
import { compilePrompt } from '../data/prompt-render.js';
import { fileMethodSpecs, isFileMethodName } from '../methods/specs.js';
import { readGgufHeader } from '../runtimes/gguf-read.js';
import { CLAIM_ROOTS, GATE_ROOTS, rootOf } from '../results/metrics.js';
import { Locator, zodIssues, type YamlPath } from './locate.js';
import { llmSuiteSpec, type LlmSuiteSpec } from './llm-schema.js';

/** A validated LLM suite. */
export interface LoadedLlmSuite {
  kind: 'llm';
  spec: LlmSuiteSpec;
  file: string;
  dir: string;
  hash: string;
  /** Each task's source settings after validation (defaults filled in), by task name. */
  taskSettings: Record<string, Record<string, unknown>>;
  /** Each GGUF variant method's settings after validation, by variant name. */
  methodSettings: Record<string, Record<string, unknown>>;
}

/** Field paths gates of LLM suites may check, by their first segment (LLM cells count no FLOPs and list no measure.runtimes). */
export const LLM_GATE_ROOTS: readonly string[] = GATE_ROOTS.filter((r) => r !== 'flops' && r !== 'runtimes');

/** Checks one model: a GGUF file that exists and has a GGUF header (endpoints are probed at run time). */
function checkModel(m: LlmModelSpec, path: YamlPath, loc: Locator, dir: string, errors: string[]): void {
  if (!('gguf' in m)) return;
  const file = resolve(dir, m.gguf);
  if (!existsSync(file)) {
    errors.push(`${loc.at([...path, 'gguf'])} GGUF file not found: ${file}; paths are relative to the suite file`);
    return;
  }
  try {
    readGgufHeader(file);
  } catch (err) {
    errors.push(`${loc.at([...path, 'gguf'])} ${(err as Error).message}`);
  }
}

/** Validates a parsed LLM suite document; every problem found is reported at once. */
export function loadLlmSuiteDoc(file: string, text: string, doc: Document, lines: LineCounter): LoadedLlmSuite {
  const loc = new Locator(file, doc, lines);
  const parsed = llmSuiteSpec.safeParse(doc.toJS() ?? {});
  if (!parsed.success) throw new InputError(zodIssues(loc, parsed.error, [], llmSuiteSpec).join('\n'), 'suite-schema');
  const spec = parsed.data;
  const dir = resolve(file, '..');
  const errors: string[] = [];
  checkModel(spec.model, ['model'], loc, dir, errors);
  const taskSettings: LoadedLlmSuite['taskSettings'] = {};
  const names = new Set<string>();
  spec.tasks.forEach((t, i) => {
    if (names.has(t.name)) errors.push(`${loc.at(['tasks', i, 'name'])} duplicate task name '${t.name}'; give each task a unique name`);
    names.add(t.name);
    let source;
    try {
      source = getPromptSource(t.source, `${loc.at(['tasks', i, 'source'])} `);
    } catch (err) {
      errors.push((err as Error).message);
      return;
    }
    const r = source.settings.safeParse(t.settings);
    if (!r.success) {
      errors.push(...zodIssues(loc, r.error, ['tasks', i, 'settings'], source.settings));
      return;
    }
    taskSettings[t.name] = r.data as Record<string, unknown>;
    if (t.answer === 'choice' && !promptItems(source, r.data, 0, 'check', 1)[0].choices) {
      errors.push(
        `${loc.at(['tasks', i, 'answer'])} answer 'choice' needs a task with choices, and '${t.source}' has none; use 'first-integer', 'exact' or a regex`,
      );
    }
    if (typeof t.answer === 'object') {
      try {
        new RegExp(t.answer.regex, 'u');
      } catch (err) {
        errors.push(`${loc.at(['tasks', i, 'answer', 'regex'])} not a valid regular expression: ${(err as Error).message}`);
      }
    }
    // Render one prompt now, so a misspelt field fails validation rather than the run.
    try {
      const items = promptItems(source, r.data, 0, 'check', 1 + t.shots);
      compilePrompt(t.template, loc.at(['tasks', i, 'template']))(items[0], items.slice(1));
    } catch (err) {
      errors.push((err as Error).message);
    }
  });
  const methodSettings: LoadedLlmSuite['methodSettings'] = {};
  const seen = new Set(['original']);
  spec.variants.forEach((v, i) => {
    if (seen.has(v.name))
      errors.push(
        `${loc.at(['variants', i, 'name'])} duplicate variant name '${v.name}'; give each variant a unique name ('original' is reserved)`,
      );
    seen.add(v.name);
    if (v.model) return checkModel(v.model, ['variants', i, 'model'], loc, dir, errors);
    const name = v.method!;
    if (!isFileMethodName(name))
      return void errors.push(
        `${loc.at(['variants', i, 'method'])} ${unknownNameMessage('GGUF method', name, Object.keys(fileMethodSpecs))}`,
      );
    if (!('gguf' in spec.model))
      errors.push(
        `${loc.at(['variants', i, 'method'])} method '${name}' rewrites a GGUF file, and the original is an endpoint; give this variant a 'model' instead`,
      );
    const m = fileMethodSpecs[name];
    const r = m.settings.safeParse(v.settings);
    if (!r.success) errors.push(...zodIssues(loc, r.error, ['variants', i, 'settings'], m.settings));
    else methodSettings[v.name] = r.data as Record<string, unknown>;
  });
  const variants = spec.variants.map((v) => v.name);
  spec.gates.forEach((g, i) => {
    if (!variants.includes(g.variant))
      errors.push(`${loc.at(['gates', i, 'variant'])} ${unknownNameMessage('variant', g.variant, variants)}`);
    for (const check of Object.keys(g.checks)) {
      if (!LLM_GATE_ROOTS.includes(check.split('.')[0]))
        errors.push(
          `${loc.at(['gates', i, 'checks', check], true)} unknown check '${check}'; a check of an LLM suite starts with one of: ${LLM_GATE_ROOTS.join(', ')}`,
        );
    }
  });
  if (spec.llm.perplexityText !== undefined && !existsSync(resolve(dir, spec.llm.perplexityText))) {
    errors.push(
      `${loc.at(['llm', 'perplexityText'])} perplexity text not found: ${resolve(dir, spec.llm.perplexityText)}; paths are relative to the suite file`,
    );
  }
  spec.claim?.figures.forEach((f, i) => {
    const known = ['original', ...variants];
    if (!known.includes(f.variant))
      errors.push(`${loc.at(['claim', 'figures', i, 'variant'])} ${unknownNameMessage('variant', f.variant, known)}`);
    if (!CLAIM_ROOTS.includes(rootOf(f.field)))
      errors.push(
        `${loc.at(['claim', 'figures', i, 'field'])} unknown field '${f.field}'; a claim figure's field starts with one of: ${CLAIM_ROOTS.join(', ')}`,
      );
  });
  const ppl = spec.llm.perplexity;
  if (ppl) {
    const i = spec.tasks.findIndex((t) => t.name === ppl.task);
    if (i < 0)
      errors.push(
        `${loc.at(['llm', 'perplexity', 'task'])} ${unknownNameMessage(
          'task',
          ppl.task,
          spec.tasks.map((t) => t.name),
        )}`,
      );
    else if (taskSettings[ppl.task]) {
      try {
        const source = getPromptSource(spec.tasks[i].source);
        const item = promptItems(source, taskSettings[ppl.task], 0, 'check', 1)[0];
        compilePrompt(ppl.template, loc.at(['llm', 'perplexity', 'template']))(item, []);
        if (ppl.context !== undefined) compilePrompt(ppl.context, loc.at(['llm', 'perplexity', 'context']))(item, []);
      } catch (err) {
        errors.push((err as Error).message);
      }
    }
    if (spec.llm.perplexityText !== undefined)
      errors.push(`${loc.at(['llm', 'perplexity'])} give either 'perplexity' or 'perplexityText', not both`);
  }
  if (errors.length > 0) throw new InputError(errors.join('\n'), 'suite-invalid');
  return { kind: 'llm', spec, file, dir, hash: createHash('sha256').update(text).digest('hex'), taskSettings, methodSettings };
}
