import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { LlmTaskSpec } from '../data/llm-task-settings.js';
import { getPromptSource, promptItems, type PromptItem } from '../data/prompt-items.js';
import { compilePrompt } from '../data/prompt-render.js';
import type { LoadedLlmSuite } from '../suite/llm-load.js';

/** A task with its rendered prompts: the same for every model of the run. */
export interface PreparedTask {
  spec: LlmTaskSpec;
  items: PromptItem[];
  prompts: string[];
}

/** What every model of an LLM run is measured on. */
export interface PreparedRun {
  tasks: PreparedTask[];
  /** Held-out texts for perplexity, each scored after its unscored prefix, from the start of a sequence (empty: none). */
  perplexityTexts: { prefix: string; text: string }[];
  perplexityTokens: number;
  speedPrompts: number;
}

/**
 * The held-out texts of the suite: its `perplexityText` file, or worked items of
 * `perplexity.task`, each rendered by `perplexity.template` as a sequence of its own (as the
 * model saw its training examples).
 */
function perplexityTexts(suite: LoadedLlmSuite): { prefix: string; text: string }[] {
  const { llm, tasks, seed } = suite.spec;
  if (llm.perplexityText !== undefined) return [{ prefix: '', text: readFileSync(resolve(suite.dir, llm.perplexityText), 'utf8') }];
  if (!llm.perplexity) return [];
  const task = tasks.find((t) => t.name === llm.perplexity!.task)!;
  const items = promptItems(
    getPromptSource(task.source),
    suite.taskSettings[task.name],
    seed,
    `${task.name}-perplexity`,
    llm.perplexity.items,
  );
  const render = compilePrompt(llm.perplexity.template, `${suite.file}: llm.perplexity.template`);
  const context =
    llm.perplexity.context === undefined ? () => '' : compilePrompt(llm.perplexity.context, `${suite.file}: llm.perplexity.context`);
  return items.map((it) => ({ prefix: context(it, []), text: render(it, []) }));
}

/** The suite's tasks as prompts (quick runs take fewer questions), and its perplexity text. */
export function prepareRun(suite: LoadedLlmSuite, quick: boolean): PreparedRun {
  const { spec } = suite;
  const q = quick ? spec.quick : {};
  const tasks = spec.tasks.map((t, i) => {
    const source = getPromptSource(t.source);
    const count = Math.min(t.count, q.count ?? t.count);
    const items = promptItems(source, suite.taskSettings[t.name], spec.seed, `${t.name}-test`, count);
    const shots = promptItems(source, suite.taskSettings[t.name], spec.seed, `${t.name}-shots`, t.shots);
    const render = compilePrompt(t.template, `${suite.file}: tasks[${i}]`);
    return { spec: t, items, prompts: items.map((it) => render(it, shots)) };
  });
  return {
    tasks,
    perplexityTexts: perplexityTexts(suite),
    perplexityTokens: Math.min(spec.llm.perplexityTokens, q.perplexityTokens ?? Infinity),
    speedPrompts: Math.min(spec.llm.speedPrompts, q.speedPrompts ?? Infinity),
  };
}
