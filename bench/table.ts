import type { Figure } from './load.js';

/** One line of the result table. */
export interface Row {
  scenario: string;
  database: 'PGlite' | 'PostgreSQL';
  /** The measured figure (2xx answers per second, p50/p99 of all answers). */
  figure?: Figure;
  /** What the figure is compared with, measured in the same run, e.g. `bare node:http 3012 req/s`. */
  baseline?: string;
  /** The compared value: a ratio (`0.61x`) or, for memory and start-up, the value itself. */
  ratio?: string;
  goal: string;
  /** Undefined when the row has no goal, or a figure is missing. */
  met?: boolean;
}

export const rate = (value: number) => `${Math.round(value)} req/s`;

/** A baseline's figure as a cell, with its failures when it had any. */
export function baselineCell(label: string, figure: Figure): string {
  const failures = figure.non2xx || figure.errors ? ` (${figure.non2xx} non-2xx, ${figure.errors} errors)` : '';
  return `${label} ${rate(figure.rate)}${failures}`;
}

export const times = (value: number) => (Number.isFinite(value) ? `${value.toFixed(2)}x` : '—');
/** A over B; NaN (shown as —, never "met") when B measured nothing. */
export const over = (a: number, b: number) => (b > 0 ? a / b : NaN);

function cells(row: Row): string[] {
  const f = row.figure;
  const flagged = f && (f.non2xx || f.errors) ? ` (${f.non2xx} non-2xx, ${f.errors} errors)` : '';
  return [
    row.scenario + flagged,
    row.database,
    f ? String(Math.round(f.rate)) : '—',
    f ? `${f.p50.toFixed(1)} / ${f.p99.toFixed(1)}` : '—',
    row.baseline ?? '—',
    row.ratio ?? '—',
    row.goal,
    row.met === undefined ? '—' : row.met ? 'yes' : '**no**',
  ];
}

export function markdownTable(rows: Row[]): string {
  const header = [
    'scenario',
    'database',
    'req/s (2xx)',
    'p50 / p99 ms',
    'baseline (same run)',
    'ratio',
    'goal',
    'met?',
  ];
  const lines = [header, header.map(() => '---'), ...rows.map(cells)];
  return lines.map((line) => `| ${line.join(' | ')} |`).join('\n');
}
