/** What each figure of an LLM cell means (shown by `slimbench list metrics` after the others). */
export const LLM_METRIC_DOCS: Record<string, string> = {
  'quality.accuracy (LLM)':
    "exact-match accuracy over every task's prompts: the answer extracted by the task's rule (exact, first-integer, choice, regex) equals the gold answer; seeded percentile bootstrap CI over prompts",
  'fidelity (LLM)': "share of prompts where the variant's extracted answer equals the original's (two missing answers count as equal)",
  'flips / mcnemarP (LLM)': 'prompts right→wrong and wrong→right against the original; exact McNemar p on them',
  kl: "mean KL(original ‖ variant) of the next-token distributions at each of the first 8 characters of the original's completion, both models fed the same text; top-k lists are coarse-grained to their shared tokens plus one bucket (a lower bound; in-process near-exact with 256 entries); only when both sides key tokens alike; endpoints without echo: along both models' own greedy tokens up to where they part",
  'llm.ttftMs': 'time from the request to the first generated token (prompt processing included), p50/p95 over prompts',
  'llm.promptTokensPerSec': 'prompt tokens / time to first token, median over prompts',
  'llm.genTokensPerSec': 'tokens after the first / time after the first, p50/p95 over prompts',
  'llm.tokensPerSecRatio':
    "variant's generated tokens/s over the original's on llm.speedPrompts prompts timed interleaved (ABBA), llm.speedTokens each; bootstrap CI over prompts (also speed.speedup)",
  'speed.throughput (LLM)': 'generated tokens/s over the interleaved prompts, bootstrap CI over prompts',
  'llm.perplexity':
    'exp(−mean ln p) of the tokens of llm.perplexityText after the first (at most llm.perplexityTokens), scored in windows of the context; null when the runtime gives no log-probabilities',
  'llm.modelBytes': 'bytes of the GGUF file (also size.artifactBytes)',
  'llm.residentBytes': 'growth of the resident set when the model was loaded (the first model loaded also counts llama.cpp itself)',
  'llm.tasks.<task>': 'accuracy, fidelity, flips, mcnemarP, retention and kl of one task, and its first completions',
  answers: 'LLM cells: content-addressed file (predictions/<sha256>.json) with every completion, extracted answer and gold answer per task',
};
