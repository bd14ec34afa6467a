import { expect } from 'chai';
import type { CellRecord, RunRecord } from '../../harness/results/record.js';
import { comparisonTable } from '../../harness/report/table.js';

const llm = (extra: Record<string, unknown> = {}) => ({
  ttftMs: { p50: 12, p95: 30 },
  promptTokensPerSec: 2000,
  genTokensPerSec: { p50: 150, p95: 180 },
  residentBytes: 2_000_000,
  perplexity: 3.25,
  ...extra,
});
const base = { settings: {}, seed: 1, status: 'ok' as const, quality: { accuracy: { value: 0.9, ci: [0.85, 0.95] as [number, number] } } };
const record = {
  schemaVersion: 1,
  suite: { name: 's', file: 's.yaml', hash: 'h' },
  run: { id: 'r', startedAt: '2026-01-01T00:00:00Z', gitSha: null, shard: null },
  env: { node: 'v20', backend: 'llama.cpp', cpu: 'x', cores: 2, os: 'linux', harnessVersion: '0' },
  cells: [
    { ...base, id: 'original', variant: 'original', method: 'gguf', reference: true, llm: llm() },
    {
      ...base,
      id: 'q4',
      variant: 'q4',
      method: 'gguf-quantize',
      reference: false,
      kl: { value: 0.0123, ci: [0.01, 0.015] },
      llm: llm({ tokensPerSecRatio: { value: 1.5, ci: [1.4, 1.6] } }),
    },
  ] as CellRecord[],
  gates: [],
} as RunRecord;

describe('report/llm-columns', () => {
  const table = comparisonTable(record);
  const col = (label: string) => table.columns.findIndex((c) => c.label === label);
  const q4 = table.rows.find((r) => r.id === 'q4')!;

  it('adds an LLM column group when cells carry llm fields', () => {
    expect(table.groups.map((g) => g.label)).to.include('LLM');
  });

  it('shows time to first token with its 95th percentile', () => {
    expect(q4.cells[col('TTFT p50')]).to.deep.equal({ text: '12.00 ms', sub: 'p95 30.00 ms' });
  });

  it('shows the tokens/s ratio with its interval, and KL, for a variant only', () => {
    expect(q4.cells[col('tokens/s ratio')]).to.deep.equal({ text: '1.50', sub: '[1.40, 1.60]' });
    expect(q4.cells[col('KL')].text).to.equal('0.01230');
    expect(table.rows[0].cells[col('tokens/s ratio')].text).to.equal(table.rows[0].cells[col('KL')].text);
  });
});
