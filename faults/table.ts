import type { ProbeResult } from './probe.js';

export interface Row {
  name: string;
  result: ProbeResult;
  /** @unit milliseconds */
  ms: number;
}

const pad = (text: string, width: number, right = false) => (right ? text.padStart(width) : text.padEnd(width));

/** The summary as a Markdown table (readable in a terminal, pasteable into the README). */
export function renderTable(rows: readonly Row[]): string {
  const header = ['probe', 'tried', 'handled', 'failed', 'time', 'note'];
  const body = rows.map(({ name, result, ms }) => [
    name,
    result.skipped ? '—' : String(result.tried),
    result.skipped ? '—' : String(result.handled),
    result.skipped ? 'skipped' : String(result.failed),
    `${(ms / 1000).toFixed(1)} s`,
    result.note,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => (r[i] ?? '').length)));
  const numeric = new Set([1, 2, 3, 4]);
  const line = (cells: readonly string[]) =>
    `| ${cells.map((c, i) => pad(c, widths[i] ?? 0, numeric.has(i))).join(' | ')} |`;
  const rule = `|${widths.map((w, i) => (numeric.has(i) ? `${'-'.repeat(w + 1)}:` : '-'.repeat(w + 2))).join('|')}|`;
  return [line(header), rule, ...body.map(line)].join('\n');
}
