import type { Answers, Checklist, ChecklistCheck } from '../shared/checklists/checklists';
import { loadChecklists } from '../server/platform/data-files';

let sheets: Checklist[] | undefined;

/** An answer to one check that meets it (`met`) or falls short of it (a reading past its 重度 bound). */
function answerTo(check: ChecklistCheck, met: boolean) {
  if (check.kind === 'yesno') return met;
  if (check.kind === 'choice') return { option: check.options[0]!.value, met };
  if (met) return check.better === 'higher' ? check.max : check.min;
  return check.better === 'higher' ? check.min : check.max;
}

/**
 * The body of a 季检查 of a zone of `item`, for tests that need a check whatever the zone's item: on the item's
 * 评分细则 (every check met when passed, every check falling short when failed) when it has one, else the typed score.
 */
export function quarterlyCheckBody(
  item: string,
  check: { quarter: string; checkedOn: string; passed: boolean; findings: string; score: number },
): Record<string, unknown> {
  sheets ??= loadChecklists();
  const sheet = sheets.find((candidate) => candidate.item === item);
  if (!sheet) return check;
  const answers: Answers = Object.fromEntries(sheet.checks.map((entry) => [entry.id, answerTo(entry, check.passed)]));
  const { quarter, checkedOn, passed, findings } = check;
  return { quarter, checkedOn, passed, findings, answers };
}
