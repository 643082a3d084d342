/** Renders results as one aligned plain-text table, each line's note numbered below it. */
import type { BenchResult } from './result.js';

/** 1234567 → "1.23M", 45678 → "45.7k", 12.345 → "12.3". */
export function formatNumber(value: number | null): string {
  if (value === null || !Number.isFinite(value)) return '—';
  const abs = Math.abs(value);
  if (abs >= 1e6) return `${(value / 1e6).toPrecision(3)}M`;
  if (abs >= 1e4) return `${(value / 1e3).toPrecision(3)}k`;
  if (abs >= 100) return value.toFixed(0);
  return value.toPrecision(3);
}

function formatRatio(result: BenchResult): string {
  if (result.ratio === null || !Number.isFinite(result.ratio)) return '—';
  const arrow = result.better === 'higher' ? '↑' : '↓';
  return `${result.ratio.toFixed(2)}× ${arrow}`;
}

function formatValue(result: BenchResult): string {
  if (result.status === 'measured') return formatNumber(result.value);
  return result.status === 'failed' ? 'FAILED' : 'pending';
}

export function renderTable(results: readonly BenchResult[]): string {
  const header = ['row', 'value', 'unit', 'reference', 'ref value', 'ratio', 'note'];
  const rows = results.map((r, i) => [
    r.name, formatValue(r), r.unit, r.reference?.name ?? '—', formatNumber(r.reference?.value ?? null), formatRatio(r), `[${i + 1}]`,
  ]);
  // Every character used in cells is one UTF-16 unit, so length is the display width.
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((row) => (row[i] ?? '').length)));
  const right = new Set([1, 4, 5]);
  const line = (cells: readonly string[]): string =>
    cells.map((cell, i) => (right.has(i) ? cell.padStart(widths[i] ?? 0) : cell.padEnd(widths[i] ?? 0))).join('  ').trimEnd();
  const rule = widths.map((w) => '-'.repeat(w)).join('  ');
  const notes = results.map((r, i) => `[${i + 1}] ${r.note}`);
  return [line(header), rule, ...rows.map(line), '', ...notes].join('\n');
}
