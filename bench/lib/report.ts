import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import * as prettier from 'prettier';
import { machineLine, type MachineInfo } from './machine';

export const FIGURES = ['P1', 'P2', 'P3', 'P4', 'R1P5', 'P6J', 'P6R', 'P7', 'R4', 'P8', 'P9', 'P10'] as const;
export type FigureId = (typeof FIGURES)[number];

export interface SummaryRow {
  measure: string;
  value: string;
  target?: string;
  pass?: boolean;
}

export interface FigureResult {
  id: FigureId;
  title: string;
  command: string;
  /** The figure as docs/quality.md states it. */
  target: string;
  pass: boolean;
  /** Lines of the console summary table. */
  rows: SummaryRow[];
  /** Markdown body of the figure's section in docs/benchmarks.md. */
  markdown: string;
}

export const passText = (pass: boolean) => (pass ? 'pass' : 'FAIL');

/** The whole suite (`npm run bench`, every figure) is to finish within 10 minutes on 2 cores. */
export const SUITE_BUDGET_SECONDS = 600;

/** How the run went: the machine's load (it is shared) and how long each figure took. */
export interface RunInfo {
  loadBefore: number[];
  loadAfter: number[];
  seconds: Map<FigureId, number>;
  totalSeconds: number;
}

/** The figures of a run that miss their target, each with the measures that do. */
export function missedTargets(results: FigureResult[]): string[] {
  return results
    .filter((result) => !result.pass)
    .map((result) => {
      const rows = result.rows.filter((row) => row.pass === false).map((row) => `${row.measure} ${row.value}`);
      return `${result.id} (${result.title})${rows.length ? `: ${rows.join('; ')}` : ''}`;
    });
}

/** A GitHub-flavoured Markdown table (pipes in cells escaped). */
export function markdownTable(headers: string[], rows: (string | number)[][]): string {
  const cell = (value: string | number) => String(value).replace(/\|/g, '\\|');
  return [
    `| ${headers.map(cell).join(' | ')} |`,
    `| ${headers.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.map(cell).join(' | ')} |`),
  ].join('\n');
}

/** The readable table printed at the end of a run. */
export function printSummary(results: FigureResult[]): void {
  const lines: string[][] = [['figure', 'measure', 'value', 'target', 'result']];
  for (const result of results) {
    for (const row of result.rows) {
      lines.push([
        result.id,
        row.measure,
        row.value,
        row.target ?? '',
        row.pass === undefined ? '' : passText(row.pass),
      ]);
    }
  }
  const widths = lines[0]!.map((_, column) => Math.max(...lines.map((line) => line[column]!.length)));
  const format = (line: string[]) =>
    line
      .map((value, column) => value.padEnd(widths[column]!))
      .join('  ')
      .trimEnd();
  console.log('');
  console.log(format(lines[0]!));
  console.log(widths.map((width) => '-'.repeat(width)).join('  '));
  for (const line of lines.slice(1)) console.log(format(line));
  console.log('');
}

const start = (id: FigureId) => `<!-- bench:${id} start -->`;
const end = (id: FigureId) => `<!-- bench:${id} end -->`;

/**
 * Escape `*` in "R*Tree" outside code: two of them in one paragraph would otherwise turn the text
 * between them into emphasis.
 */
export function escapeMarkdownStars(markdown: string): string {
  return markdown
    .split(/(^```[\s\S]*?^```$)/m)
    .map((block, index) =>
      index % 2 === 1
        ? block
        : block
            .split(/(`[^`\n]*`)/)
            .map((part, partIndex) => (partIndex % 2 === 1 ? part : part.replace(/(?<!\\)\*(?=Tree)/g, '\\*')))
            .join(''),
    )
    .join('');
}

/** The pass/fail of a section written by an earlier run, from its heading. */
function previousVerdict(section: string): { title: string; verdict: string } | null {
  const match = /^## [A-Z0-9]+: (.+) — (pass|FAIL)$/m.exec(section);
  return match ? { title: match[1]!, verdict: match[2]! } : null;
}

/**
 * Hand-run measures kept in docs/benchmarks.md between `<!-- manual:NAME start -->` and
 * `<!-- manual:NAME end -->` (each names its own command and date): carried over as they are.
 */
function previousManualSections(file: string): string[] {
  if (!existsSync(file)) return [];
  const text = readFileSync(file, 'utf8');
  return [...text.matchAll(/<!-- manual:([a-z0-9-]+) start -->[\s\S]*?<!-- manual:\1 end -->/g)].map(
    (match) => match[0],
  );
}

function previousSections(file: string): Map<FigureId, string> {
  const sections = new Map<FigureId, string>();
  if (!existsSync(file)) return sections;
  const text = readFileSync(file, 'utf8');
  for (const id of FIGURES) {
    const from = text.indexOf(start(id));
    const to = text.indexOf(end(id));
    if (from >= 0 && to > from) sections.set(id, text.slice(from, to + end(id).length));
  }
  return sections;
}

/**
 * Write docs/benchmarks.md. Figures measured in this run replace their sections; figures not run
 * this time (`npm run bench -- p4`) keep the section of their last run, which names its own date.
 */
export async function writeBenchmarksDoc(
  file: string,
  machine: MachineInfo,
  results: FigureResult[],
  run?: RunInfo,
): Promise<void> {
  const previous = previousSections(file);
  const manual = previousManualSections(file);
  const sections = FIGURES.map((id) => {
    const result = results.find((candidate) => candidate.id === id);
    if (!result)
      return (
        previous.get(id) ??
        `${start(id)}\n\n## ${id}\n\nNot measured yet: \`npm run bench -- ${id.toLowerCase()}\`.\n\n${end(id)}`
      );
    return [
      start(id),
      '',
      `## ${result.id}: ${result.title} — ${passText(result.pass)}`,
      '',
      escapeMarkdownStars(`- Target (docs/quality.md): ${result.target}`),
      `- Command: \`${result.command}\``,
      `- Measured: ${machineLine(machine)}`,
      '',
      escapeMarkdownStars(result.markdown.trim()),
      '',
      end(id),
    ].join('\n');
  });
  const summary = FIGURES.map((id) => {
    const result = results.find((candidate) => candidate.id === id);
    const took = run?.seconds.get(id);
    if (result)
      return `| ${id} | ${result.title} | ${passText(result.pass)} | this run${took === undefined ? '' : ` (${took.toFixed(0)} s)`} |`;
    const earlier = previousVerdict(previous.get(id) ?? '');
    return earlier
      ? `| ${id} | ${earlier.title} | ${earlier.verdict} | an earlier run (see its section) |`
      : `| ${id} | not measured yet | | |`;
  });
  const text = [
    '# Benchmarks',
    '',
    'Written by `npm run bench` (bench/run.ts); do not edit by hand. `npm run bench` runs all figures (11–18 minutes',
    "on 2 cores, with the machine's load), `npm run bench -- p4` only one (the other sections keep their last run).",
    'Benchmarks are never part of `npm test`.',
    '',
    '> These are medians (and p95 where the figure asks for it) on a shared, noisy 2-core virtual machine with',
    '> software WebGL (SwiftShader) in headless Chromium. Absolute times move by ±20% between runs; compare the',
    '> ratios measured side by side in one run, as docs/quality.md asks.',
    '',
    '## Latest run',
    '',
    markdownTable(
      ['', ''],
      [
        ['date (UTC)', machine.date],
        ['CPU', `${machine.cpuModel}, ${machine.cpus} cores (nproc)`],
        ['memory', `${machine.memoryGiB} GiB`],
        ['OS', machine.os],
        ['Node', machine.node],
        ['browser', machine.chromium],
        ['commit', machine.commit],
        ...(run
          ? [
              [
                'load average (1, 5, 15 min)',
                `before ${run.loadBefore.map((v) => v.toFixed(2)).join(', ')}; after ${run.loadAfter.map((v) => v.toFixed(2)).join(', ')}`,
              ],
              [
                'suite time',
                `${run.totalSeconds.toFixed(0)} s for ${results.map((result) => result.id).join(', ')} (build included): ` +
                  (run.totalSeconds <= SUITE_BUDGET_SECONDS
                    ? 'within the 10-minute budget'
                    : `**over** the 10-minute budget (see the load average; R4 is mostly server starts)`),
              ],
            ]
          : []),
      ],
    ),
    '',
    ...(missedTargets(results).length
      ? ['**Missing their target in this run:**', '', ...missedTargets(results).map((line) => `- ${line}`), '']
      : results.length
        ? ['Every figure measured in this run meets its target.', '']
        : []),
    '| figure | what | result | measured |',
    '| --- | --- | --- | --- |',
    ...summary,
    '',
    ...sections.flatMap((section) => [section, '']),
    ...manual.flatMap((section) => [section, '']),
  ].join('\n');
  const options = (await prettier.resolveConfig(file)) ?? {};
  // Wrap prose at the print width; `prettier --check` (proseWrap: preserve) accepts the result as it is.
  const formatted = await prettier.format(text, { ...options, proseWrap: 'always', filepath: file });
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, formatted);
}
