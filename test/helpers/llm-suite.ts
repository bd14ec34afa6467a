import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeTinyGguf } from '../../harness/runtimes/tiny-gguf.js';

/** A fresh folder holding the tiny random-weight llama as `tiny.gguf` (F32) and `tiny-f16.gguf`. */
export function tinyModelDir(seed = 1): string {
  const dir = mkdtempSync(join(tmpdir(), 'slimbench-llm-'));
  writeTinyGguf(join(dir, 'tiny.gguf'), seed, 'F32');
  writeTinyGguf(join(dir, 'tiny-f16.gguf'), seed, 'F16');
  return dir;
}

/** Two small tasks whose prompts use only the tiny model's characters. */
export const TINY_TASKS = `tasks:
  - name: arithmetic
    source: arithmetic
    settings: {minSteps: 1, maxSteps: 2, maxAnswer: 50}
    count: 6
    shots: 1
    template: "{{#each shots}}Q: {{expression}}= A: {{answer}};{{/each}}Q: {{expression}}= A:"
    answer: first-integer
    maxTokens: 4
    stop: [";"]
  - name: listops
    source: listops
    settings: {maxDepth: 2, maxArgs: 3, maxLength: 20}
    count: 6
    template: "Q: {{lower expression}} A:"
    answer: choice
    maxTokens: 3
llm:
  speedPrompts: 2
  speedTokens: 4
  perplexity: {task: arithmetic, template: "Q: {{expression}}= A: {{answer}};", items: 3}
  perplexityTokens: 40
measure: {resamples: 200}
`;

/** Writes an LLM suite `name.yaml` into `dir` with the given model lines before {@link TINY_TASKS}. */
export function writeLlmSuite(dir: string, head: string, name = 'suite'): string {
  const file = join(dir, `${name}.yaml`);
  writeFileSync(file, `name: ${name}\n${head}\n${TINY_TASKS}`);
  return file;
}
