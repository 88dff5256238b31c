import type { CampaignResponse } from '../campaign/campaign';
import { ZONE_FIELDS, type ZoneField } from '../zones/zone-fields';
import type { Role } from './auth';
import { ROLE_NAMES } from './role-names';
import { AUDIT_WORDS } from './audit-words';

/**
 * What an audit entry's detail says, in words a 纪委 inspector reads: each changed field as its label
 * with before → after (labels and value formats from the one zone field list, codes turned into the
 * campaign's names), or a plain sentence (an i18n key under `audit.notes`) where there is no before/after.
 */
export type AuditLine =
  | { kind: 'change'; label: string; i18nKey?: string; before: string; after: string }
  | { kind: 'note'; key: string; values?: Record<string, string | number> };

type Names = Pick<CampaignResponse, 'units' | 'items' | 'zoneStatuses' | 'taskStatuses'>;

/** A task's own editable fields, labelled as the zone fields they correspond to. */
const TASK_FIELDS: Record<string, ZoneField> = {
  measures: ZONE_FIELDS.measures,
  assignedUnit: ZONE_FIELDS.responsibleUnits,
  title: { label: '任务名称', i18nKey: 'audit.taskTitle', type: 'text' },
};

/** The sentences of the login failures' stored reasons. */
const LOGIN_REASONS: Record<string, string> = {
  'unknown user': 'unknownUser',
  'account disabled': 'accountDisabled',
  'wrong password': 'wrongPassword',
};

const EMPTY = '—';

/** An account's fields the log shows before → after (never its password or hash: a reset is only a note). */
const USER_FIELDS = Object.keys(AUDIT_WORDS.userFields) as (keyof typeof AUDIT_WORDS.userFields)[];

export function auditLines(
  detail: Record<string, unknown> | null,
  targetType: string | null,
  names: Names,
): AuditLine[] {
  const name = (list: readonly { code?: string; id?: string; name: string }[], code: unknown) =>
    list.find((entry) => (entry.code ?? entry.id) === code)?.name ?? '—';
  const unitName = (id: unknown) => name(names.units, id);
  const format = (key: string, value: unknown, statusKind: 'zone' | 'task'): string => {
    if (value === null || value === undefined || value === '') return EMPTY;
    if (key === 'status') return name(statusKind === 'zone' ? names.zoneStatuses : names.taskStatuses, value);
    if (key === 'category') return name(names.items, value);
    if (key === 'leadUnit' || key === 'assignedUnit') return unitName(value);
    if (key === 'responsibleUnits') return Array.isArray(value) ? value.map(unitName).join('、') || EMPTY : EMPTY;
    if (typeof value === 'boolean') return value ? '是' : '否';
    return typeof value === 'string' || typeof value === 'number' ? String(value) : EMPTY;
  };
  const lines: AuditLine[] = [];
  if (!detail) return [{ kind: 'note', key: 'none' }];
  const change = (field: ZoneField, key: string, before: unknown, after: unknown, kind: 'zone' | 'task') =>
    lines.push({
      kind: 'change',
      label: field.label,
      ...(field.i18nKey ? { i18nKey: field.i18nKey } : {}),
      before: format(key, before, kind),
      after: format(key, after, kind),
    });

  const before = detail.before as Record<string, unknown> | null | undefined;
  const after = detail.after as Record<string, unknown> | null | undefined;
  if (targetType === 'zone' && after && typeof after === 'object') {
    let other = 0;
    for (const key of Object.keys(after)) {
      if (key === 'geometry') lines.push({ kind: 'note', key: 'geometry' });
      else if (key in ZONE_FIELDS)
        change(ZONE_FIELDS[key as keyof typeof ZONE_FIELDS], key, before?.[key], after[key], 'zone');
      else other += 1;
    }
    if (other) lines.push({ kind: 'note', key: 'otherFields', values: { count: other } });
    if (!before) lines.unshift({ kind: 'note', key: 'created' });
  } else if (targetType === 'user' && (before || after)) {
    if (!before) lines.push({ kind: 'note', key: 'created' });
    const userValue = (key: string, value: unknown) => {
      if (key === 'role' && typeof value === 'string' && value in ROLE_NAMES) return ROLE_NAMES[value as Role];
      if (key === 'disabled' && typeof value === 'boolean')
        return AUDIT_WORDS.userStates[value ? 'disabled' : 'active'];
      if (key === 'unit') return value ? unitName(value) : EMPTY;
      return format(key, value, 'zone');
    };
    let changes = 0;
    for (const key of USER_FIELDS) {
      const was = before?.[key] ?? null;
      const now = after ? (after[key] ?? null) : null;
      // Older entries stored the whole account before and after: only the fields that differ are changes.
      if ((after && !(key in after)) || JSON.stringify(was) === JSON.stringify(now)) continue;
      if (!before && (key === 'disabled' || now === null)) continue;
      changes += 1;
      lines.push({
        kind: 'change',
        label: AUDIT_WORDS.userFields[key],
        i18nKey: `audit.userFields.${key}`,
        before: before ? userValue(key, was) : EMPTY,
        after: userValue(key, now),
      });
    }
    if (before && !changes) lines.push({ kind: 'note', key: after ? 'changed' : 'removed' });
  } else if (before || after) {
    lines.push({ kind: 'note', key: before && after ? 'changed' : after ? 'created' : 'removed' });
  }
  if (targetType === 'task' && typeof detail.from === 'string' && typeof detail.to === 'string') {
    change(ZONE_FIELDS.status, 'status', detail.from, detail.to, 'task');
  }
  const changed = detail.changed;
  if (targetType === 'task' && changed && typeof changed === 'object' && !Array.isArray(changed)) {
    for (const [key, value] of Object.entries(changed as Record<string, { from?: unknown; to?: unknown }>)) {
      const field = TASK_FIELDS[key];
      if (field) change(field, key, value.from, value.to, 'task');
    }
  }
  const dueDate = detail.dueDate as { from?: unknown; to?: unknown } | undefined;
  if (dueDate && typeof dueDate === 'object') {
    lines.push({
      kind: 'change',
      label: ZONE_FIELDS.plannedEnd.label,
      i18nKey: ZONE_FIELDS.plannedEnd.i18nKey,
      before: format('dueDate', dueDate.from, 'task'),
      after: format('dueDate', dueDate.to, 'task'),
    });
  }
  if (typeof detail.reason === 'string' && detail.reason.trim()) {
    const login = LOGIN_REASONS[detail.reason];
    lines.push(
      login ? { kind: 'note', key: login } : { kind: 'note', key: 'reason', values: { reason: detail.reason } },
    );
  }
  if (typeof detail.attempts === 'number' && typeof detail.windowMinutes === 'number') {
    lines.push({ kind: 'note', key: 'attempts', values: { count: detail.attempts, minutes: detail.windowMinutes } });
  }
  if (detail.passwordReset === true) lines.push({ kind: 'note', key: 'passwordReset' });
  if (typeof detail.count === 'number') lines.push({ kind: 'note', key: 'tally', values: { count: detail.count } });
  if (typeof detail.hours === 'number') lines.push({ kind: 'note', key: 'hours', values: { count: detail.hours } });
  return lines.length ? lines : [{ kind: 'note', key: 'none' }];
}

/** One line as text: "状态：整治中 → 待验收", or the sentence `note` gives for a note. */
export function auditLineText(
  line: AuditLine,
  note: (key: string, values?: Record<string, string | number>) => string,
  label: (line: Extract<AuditLine, { kind: 'change' }>) => string = (change) => change.label,
): string {
  return line.kind === 'change' ? `${label(line)}：${line.before} → ${line.after}` : note(line.key, line.values);
}
