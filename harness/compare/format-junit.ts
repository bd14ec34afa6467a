import { formatChange, formatValue } from './format-md.js';
import type { CellComparison, Comparison } from './types.js';

/** Text safe in XML content and attribute values (control characters XML 1.0 forbids are dropped). */
export function xmlEscape(text: string): string {
  return (
    text
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g, '')
      .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}

function details(cell: CellComparison): string {
  const lines = cell.metrics.map(
    (m) =>
      `${m.metric}: ${formatValue(m, m.baseline)} -> ${formatValue(m, m.current)} (${formatChange(m)}) ${m.state}${m.note ? ` - ${m.note}` : ''}`,
  );
  return [...cell.notes, ...lines].join('\n');
}

/**
 * The comparison as JUnit XML: one testcase per cell; `regressed` cells carry a `<failure>`,
 * `missing` cells a `<skipped>`, everything else passes with its figures in `<system-out>`.
 */
export function formatJunit(c: Comparison): string {
  const failures = c.counts.regressed;
  const skipped = c.counts.missing;
  const suite = xmlEscape(c.suite);
  const out = [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites name="slimbench compare" tests="${c.cells.length}" failures="${failures}" errors="0" skipped="${skipped}">`,
    `  <testsuite name="${suite}" tests="${c.cells.length}" failures="${failures}" errors="0" skipped="${skipped}" timestamp="${xmlEscape(c.current.startedAt)}">`,
    '    <properties>',
    `      <property name="run" value="${xmlEscape(c.current.id)}"/>`,
    `      <property name="baseline" value="${xmlEscape(c.baseline.id)}"/>`,
    `      <property name="fdr" value="${c.fdr.q}"/>`,
    '    </properties>',
  ];
  for (const cell of c.cells) {
    out.push(`    <testcase classname="${suite}" name="${xmlEscape(cell.id)}" time="0">`);
    const text = xmlEscape(details(cell));
    if (cell.state === 'regressed') {
      const worst = cell.metrics.filter((m) => m.state === 'regressed').map((m) => `${m.metric} ${formatChange(m)}`);
      const message = worst.length > 0 ? `regressed: ${worst.join(', ')}` : `regressed: ${cell.notes.join('; ')}`;
      out.push(`      <failure type="regressed" message="${xmlEscape(message)}">${text}</failure>`);
    } else if (cell.state === 'missing') {
      out.push(`      <skipped message="${xmlEscape(`missing: ${cell.notes.join('; ')}`)}"/>`);
    } else {
      out.push(`      <system-out>${xmlEscape(`${cell.state}\n`)}${text}</system-out>`);
    }
    out.push('    </testcase>');
  }
  out.push('  </testsuite>', '</testsuites>');
  return `${out.join('\n')}\n`;
}
