import type { TopK } from '../measure/llm-kl.js';
import type { GenerationTiming } from '../measure/llm-speed.js';

/** Options of one greedy generation. */
export interface LlmGenerateOptions {
  maxTokens: number;
  stop: readonly string[];
  seed: number;
  /** Ask for the top-k log-probabilities of each generated token (endpoints that return them). */
  logprobs?: number;
}

/** One generated token with the top of its next-token distribution. */
export interface GeneratedStep {
  token: string;
  top: TopK;
}

/** One generation: the text (cut before a stop string) and its timing. */
export interface LlmGeneration extends GenerationTiming {
  text: string;
  /** Per generated token, when log-probabilities were asked for and returned. */
  steps?: GeneratedStep[];
}

/**
 * A language model that slimbench can prompt: a GGUF file in-process or an OpenAI-compatible
 * endpoint. Every figure crosses this boundary as plain numbers and strings.
 */
export interface LlmRuntime {
  /** What it is, for logs and records: a file name or `model @ host` (never a key). */
  label: string;
  /** How next-token distributions are keyed (`id` token ids, `text` token strings): KL needs the same on both sides. */
  tokenKeys: 'id' | 'text';
  /** Bytes of the model file, when there is one. */
  fileBytes?: number;
  /** Resident memory the model added to this process on load, when it runs here. */
  residentBytes?: number;
  /** Tokens of `text` (for prompt-length checks), when the runtime can count them locally. */
  countTokens?(text: string): number;
  /** Context window in tokens, when known. */
  contextSize?: number;
  generate(prompt: string, opts: LlmGenerateOptions): Promise<LlmGeneration>;
  /**
   * The top-`k` next-token distribution at each token of `answer` after `prompt` (teacher-forced:
   * position j sees the prompt and the answer's first j tokens), or null when the runtime gives
   * no log-probabilities.
   */
  answerDistributions(prompt: string, answer: string, k: number): Promise<TopK[] | null>;
  /**
   * Natural-log probability of each token of `text` (at most `maxTokens`) after `prefix`, which is
   * not scored; with an empty prefix every token after the first. Null when unavailable.
   */
  textLogprobs(prefix: string, text: string, maxTokens: number): Promise<number[] | null>;
  /** Times `tokens` generated tokens after `prompt`, past any end-of-sequence (for speed rounds), when the runtime can. */
  timeDecode?(prompt: string, tokens: number): Promise<GenerationTiming>;
  close(): Promise<void>;
}
