import type { TopK } from '../measure/llm-kl.js';
import { perplexity } from '../measure/llm-kl.js';
import { extractAnswer, isCorrect } from '../measure/llm-extract.js';
import type { GenerationTiming } from '../measure/llm-speed.js';
import type { LlmRuntime } from '../runtimes/llm-runtime.js';
import type { PreparedRun } from './llm-tasks.js';

/** A model's answers to one task. */
export interface TaskAnswers {
  completions: string[];
  answers: (string | null)[];
  correct: boolean[];
  timings: GenerationTiming[];
  /** Per prompt, next-token distributions for the KL divergence (null: no log-probabilities). */
  dists: (PromptDists | null)[];
}

/**
 * Next-token distributions of one prompt: `forced` along the original's completion (the same
 * text fed to both models), or `own` along the model's own greedy tokens, as endpoints without
 * echo return them (comparable with another model's only while both generated the same tokens).
 */
export type PromptDists = { mode: 'forced'; dists: TopK[] } | { mode: 'own'; tokens: string[]; dists: TopK[] };

/** Everything measured of one model, as plain data. */
export interface ModelAnswers {
  tasks: TaskAnswers[];
  perplexity: number | null;
  evalMs: number;
}

/** Most characters of a completion along which next-token distributions are compared. */
const KL_POSITIONS = 8;

/**
 * Prompts one model with every task and reads its answers (greedy, the suite's seed). Next-token
 * distributions are taken along `reference` completions (the original's, so both sides condition on
 * the same text; the model's own for the original). A prompt longer than the model's context is an
 * error naming the task and the fix.
 */
export async function answerTasks(
  rt: LlmRuntime,
  run: PreparedRun,
  seed: number,
  klTopK: number,
  reference?: ModelAnswers,
): Promise<ModelAnswers> {
  const t0 = performance.now();
  const tasks: TaskAnswers[] = [];
  for (const [ti, task] of run.tasks.entries()) {
    const { spec } = task;
    const out: TaskAnswers = { completions: [], answers: [], correct: [], timings: [], dists: [] };
    for (const [i, prompt] of task.prompts.entries()) {
      const need = rt.countTokens?.(prompt);
      if (need !== undefined && rt.contextSize !== undefined && need + spec.maxTokens > rt.contextSize) {
        throw new Error(
          `task '${spec.name}': a prompt needs ${need} tokens plus maxTokens ${spec.maxTokens}, beyond the context of ${rt.contextSize} tokens of ${rt.label}; use fewer shots, a shorter template or raise llm.contextSize`,
        );
      }
      const g = await rt.generate(prompt, {
        maxTokens: spec.maxTokens,
        stop: spec.stop,
        seed,
        ...(rt.tokenKeys === 'text' ? { logprobs: klTopK } : {}),
      });
      const answer = extractAnswer(g.text, spec.answer, task.items[i].choices);
      out.completions.push(g.text);
      out.answers.push(answer);
      out.correct.push(isCorrect(answer, task.items[i].answer, spec.answer));
      out.timings.push({ promptTokens: g.promptTokens, genTokens: g.genTokens, ttftMs: g.ttftMs, totalMs: g.totalMs });
      const along = [...(reference ? reference.tasks[ti].completions[i] : g.text)].slice(0, KL_POSITIONS).join('');
      const forced = along.length > 0 ? await rt.answerDistributions(prompt, along, klTopK) : [];
      if (forced) out.dists.push({ mode: 'forced', dists: forced });
      else out.dists.push(g.steps ? { mode: 'own', tokens: g.steps.map((st) => st.token), dists: g.steps.map((st) => st.top) } : null);
    }
    tasks.push(out);
  }
  let ppl: number | null = null;
  const scored: number[] = [];
  for (const { prefix, text } of run.perplexityTexts) {
    if (scored.length >= run.perplexityTokens) break;
    const lp = await rt.textLogprobs(prefix, text, run.perplexityTokens - scored.length);
    if (!lp) break;
    scored.push(...lp);
  }
  if (scored.length > 0) ppl = perplexity(scored);
  return { tasks, perplexity: ppl, evalMs: performance.now() - t0 };
}

/**
 * Times `speedPrompts` prompts of the first task on the variant and the original interleaved
 * (ABBA order, so drift and warm-up fall on both), `speedTokens` tokens each (past end-of-sequence
 * where both runtimes can), no stop strings.
 * With no original (the original's own cell) only it is timed. Each model runs one untimed
 * generation first.
 */
export async function timeInterleaved(
  run: PreparedRun,
  tokens: number,
  seed: number,
  model: LlmRuntime,
  original?: LlmRuntime,
): Promise<{ model: GenerationTiming[]; original: GenerationTiming[] }> {
  const prompts = run.tasks[0].prompts.slice(0, run.speedPrompts);
  const a: GenerationTiming[] = [];
  const b: GenerationTiming[] = [];
  const opts = { maxTokens: tokens, stop: [], seed };
  // Runtimes that can decode past end-of-sequence time exactly `tokens` tokens each round.
  const both = [model, ...(original ? [original] : [])].every((r) => r.timeDecode);
  const time = (r: LlmRuntime, p: string) => (both ? r.timeDecode!(p, tokens) : r.generate(p, opts));
  // One untimed generation each first: the first call after loading pays one-off setup.
  if (prompts.length > 0) {
    await time(model, prompts[0]);
    if (original) await time(original, prompts[0]);
  }
  for (const [i, p] of prompts.entries()) {
    const first = i % 2 === 0;
    if (original && !first) b.push(await time(original, p));
    a.push(await time(model, p));
    if (original && first) b.push(await time(original, p));
  }
  return { model: a, original: b };
}
