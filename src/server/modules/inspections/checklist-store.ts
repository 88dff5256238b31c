import { loadChecklists } from '../../platform/data-files';
import { HttpProblem } from '../../platform/problem';
import type { Checklist } from '../../../shared/checklists/checklists';

let loaded: Checklist[] | null = null;

/** Every item's checklist (data/checklists), read and checked once: a bad file stops the start-up (index.ts). */
export const CHECKLISTS = (): Checklist[] => (loaded ??= loadChecklists());

/** The checklist of an item, or null when the item has none. */
export const checklistOf = (item: string): Checklist | null =>
  CHECKLISTS().find((sheet) => sheet.item === item) ?? null;

/** The checklist of an item, or a 422 problem saying it has none. */
export function checklistOr422(item: string): Checklist {
  const sheet = checklistOf(item);
  if (!sheet) throw new HttpProblem(422, `Item ${item} has no checklist (评分细则) to inspect against`);
  return sheet;
}
