import type { CellRecord } from '../results/record.js';
import { DASH, bytes, fixed, ms, si } from './format.js';

/** One cell of the comparison table (the shape of `TableCell` in table.ts, which imports this module). */
interface Cell {
  text: string;
  sub?: string;
  cls?: string;
}

/** A column of the comparison table (the shape of `TableColumn`). */
export interface LlmColumn {
  label: string;
  help: string;
  value(c: CellRecord, original: CellRecord | undefined): Cell;
}

const na: Cell = { text: DASH };
const num = (v: unknown): number | undefined => (typeof v === 'number' && Number.isFinite(v) ? v : undefined);

/** Columns of LLM cells: KL and perplexity, time to first token, tokens/s and their ratio, resident memory. */
export function llmColumns(): LlmColumn[] {
  const llm = (c: CellRecord) => c.llm;
  return [
    {
      label: 'KL',
      help: "mean KL divergence of the variant's next-token distributions from the original's along the original's answers (nats)",
      value: (c) => (c.kl === undefined || c.reference ? na : { text: fixed(c.kl.value, 5) }),
    },
    {
      label: 'perplexity',
      help: 'perplexity on the held-out text',
      value: (c) => (num(llm(c)?.perplexity) === undefined ? na : { text: fixed(llm(c)!.perplexity as number, 3) }),
    },
    {
      label: 'TTFT p50',
      help: 'time to the first generated token (prompt processing included), median over prompts, with the 95th percentile below',
      value: (c) => (llm(c) ? { text: ms(llm(c)!.ttftMs.p50), sub: `p95 ${ms(llm(c)!.ttftMs.p95)}` } : na),
    },
    {
      label: 'gen tokens/s',
      help: 'generated tokens per second after the first token, median over prompts, with the 95th percentile below; prompt tokens/s of prompt processing',
      value: (c) => (llm(c) ? { text: `${si(llm(c)!.genTokensPerSec.p50)}/s`, sub: `prompt ${si(llm(c)!.promptTokensPerSec)}/s` } : na),
    },
    {
      label: 'tokens/s ratio',
      help: "variant's generated tokens/s over the original's, timed interleaved on the same prompts, with its bootstrap interval",
      value: (c) => {
        const r = llm(c)?.tokensPerSecRatio;
        return r && !c.reference ? { text: fixed(r.value, 2), sub: `[${fixed(r.ci[0], 2)}, ${fixed(r.ci[1], 2)}]` } : na;
      },
    },
    {
      label: 'resident',
      help: 'resident memory the model added to the process when loaded (in-process models; the first one loaded also counts llama.cpp itself)',
      value: (c) => (num(llm(c)?.residentBytes) === undefined ? na : { text: bytes(llm(c)!.residentBytes as number) }),
    },
  ];
}
