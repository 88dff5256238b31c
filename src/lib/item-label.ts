import type { CampaignItem } from '../shared/campaign/campaign';
import { localName } from './i18n';

/** Where item names come from: the campaign's items, or its lookup. */
type ItemRecord = Pick<CampaignItem, 'code' | 'name' | 'nameEn'>;
type ItemSource = readonly ItemRecord[] | { item(code: string): ItemRecord | undefined };

/**
 * A 整治项目 as a leader reads it in lists: its code with its short name, "R7 城中村" ("R7 Urban villages"), the
 * plan's verb (整治/规范/提升) left off, or with `full` its whole name ("R7 整治城中村", for pickers and headings); the
 * code alone only for an item the campaign does not know.
 */
export function itemLabel(
  source: ItemSource,
  code: string,
  language: string,
  options: { full?: boolean } = {},
): string {
  const item = 'item' in source ? source.item(code) : source.find((candidate) => candidate.code === code);
  if (!item) return code;
  const name = localName(item, language);
  return `${code} ${options.full || language.startsWith('en') ? name : name.replace(/^(整治|规范|提升)/, '')}`;
}
