import { CELL_STATES, type CellComparison, type Comparison, type MetricComparison } from './types.js';

const ICON: Record<CellComparison['state'], string> = {
  regressed: '🔴 regressed',
  noisy: '🟡 noisy',
  missing: '⚪ missing',
  new: '🆕 new',
  improved: '🟢 improved',
  pass: '✅ pass',
};

/** Text safe inside a markdown table cell. */
export function mdCell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/[\r\n]+/g, ' ')
    .replace(/</g, '&lt;');
}

/** `+1.2%`, `-3.0 pts`: a change with its sign and unit. */
export function formatChange(m: MetricComparison): string {
  if (!Number.isFinite(m.change)) return 'n/a';
  const sign = m.change > 0 ? '+' : m.change < 0 ? '−' : '±';
  return m.kind === 'quality' ? `${sign}${Math.abs(m.change * 100).toFixed(2)} pts` : `${sign}${Math.abs(m.change * 100).toFixed(1)}%`;
}

/** A metric's value in its unit, short. */
export function formatValue(m: MetricComparison, v: number): string {
  if (m.kind === 'quality') return `${(v * 100).toFixed(2)}%`;
  if (m.unit === 'bytes') return `${Math.round(v)} B`;
  if (m.unit === 'x') return `${v.toFixed(3)}×`;
  if (v >= 1e6) return `${(v / 1e6).toPrecision(4)}M`;
  if (v >= 1e3) return `${(v / 1e3).toPrecision(4)}k`;
  return v.toPrecision(4);
}

function metricText(m: MetricComparison | undefined): string {
  if (!m) return '';
  const mark = m.state === 'regressed' ? ' **▼**' : m.state === 'noisy' ? ' ~' : m.state === 'improved' ? ' ▲' : '';
  const p = m.adjustedP !== undefined ? `, p=${m.adjustedP.toPrecision(2)}` : '';
  return `${formatValue(m, m.baseline)} → ${formatValue(m, m.current)} (${formatChange(m)}${p})${mark}`;
}

/** The comparison as markdown: a summary line, a table of cells × state with the numbers, notes. */
export function formatMarkdown(c: Comparison): string {
  // Label-free runs compare agreement with the original instead of accuracy.
  const quality = c.cells.some((cell) => cell.metrics.some((x) => x.metric === 'fidelity')) ? 'fidelity' : 'accuracy';
  const counts = CELL_STATES.filter((s) => c.counts[s] > 0)
    .map((s) => `${c.counts[s]} ${s}`)
    .join(', ');
  const lines = [
    `### slimbench compare: ${mdCell(c.suite)} — ${c.regressed ? '**regression**' : 'no regression'} (${counts || 'no cells'})`,
    '',
    `Run \`${mdCell(c.current.id)}\`${c.current.gitSha ? ` (${c.current.gitSha.slice(0, 8)})` : ''} against baseline \`${mdCell(c.baseline.id)}\`${c.baseline.gitSha ? ` (${c.baseline.gitSha.slice(0, 8)})` : ''}.`,
    '',
    `| cell | state | ${quality} | speedup | throughput | artifact bytes | gzip bytes | notes |`,
    '| --- | --- | --- | --- | --- | --- | --- | --- |',
  ];
  for (const cell of c.cells) {
    const m = (name: string) => metricText(cell.metrics.find((x) => x.metric === name));
    const notes = [...cell.notes, ...cell.metrics.filter((x) => x.note && x.state !== 'pass').map((x) => `${x.metric}: ${x.note}`)];
    if (cell.confirmed === true) notes.push('confirmed by a rerun');
    lines.push(
      `| ${mdCell(cell.id)} | ${ICON[cell.state]} | ${mdCell(m(quality))} | ${mdCell(m('speedup'))} | ${mdCell(m('throughput'))} | ${mdCell(m('artifactBytes'))} | ${mdCell(m('gzipBytes'))} | ${mdCell(notes.join('; '))} |`,
    );
  }
  const t = c.tolerances;
  lines.push(
    '',
    `Tolerances (${mdCell(t.source)}): accuracy ${(t.accuracyTolerance * 100).toFixed(2)} pts, speed ${(t.speedTolerance * 100).toFixed(1)}% (or the measurement's CI if wider), size ${(t.sizeTolerance * 100).toFixed(2)}%.`,
    `Quality changes are tested per item (exact McNemar on the same test rows, else an unpaired two-proportion test); the false discovery rate across the ${c.fdr.tests} tested cells is held at q = ${c.fdr.q} (Benjamini–Hochberg; ${c.fdr.significant} significant), p-values shown are adjusted.`,
  );
  for (const n of c.notes) lines.push(`- ${mdCell(n)}`);
  return `${lines.join('\n')}\n`;
}
