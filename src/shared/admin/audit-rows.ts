import type { AuditEntry } from './audit';
import { auditLines, auditLineText, type AuditLine } from './audit-changes';

/** One audit entry in words: what the page's table shows and the export writes (no codes, usernames or JSON). */
export interface AuditRowText {
  time: string;
  actor: string;
  unit: string;
  action: string;
  target: string;
  outcome: string;
  /** The changes, one line each ("状态：整治中 → 待验收"), without the reason. */
  changes: string[];
  /** The reason given with the action ('' for none). */
  reason: string;
}

/** How a row is put into words: the page passes i18next's (in the UI language), the export the zh-CN words. */
export interface AuditSpeaker {
  /** The word under `audit` ("actions.login", "notes.reason"), or undefined when there is none. */
  word(key: string, values?: Record<string, string | number>): string | undefined;
  /** An instant (ISO) as date and time in Asia/Shanghai. */
  time(iso: string): string;
  /** A unit's name ('—' for none). */
  unit(id: string | null): string;
  /** A change's field label. */
  label(change: Extract<AuditLine, { kind: 'change' }>): string;
}

type Names = Parameters<typeof auditLines>[2];

export function auditRowText(entry: AuditEntry, speak: AuditSpeaker, names: Names | undefined): AuditRowText {
  const say = (key: string, fallback: string, values?: Record<string, string | number>) =>
    speak.word(key, values) || speak.word(fallback, values) || '';
  const type = entry.targetType ? say(`targets.${entry.targetType}`, 'targets.other') : '';
  const lines = names ? auditLines(entry.detail, entry.targetType, names) : [];
  const reason = lines.find((line) => line.kind === 'note' && line.key === 'reason');
  return {
    time: speak.time(entry.at),
    actor: entry.actorName ?? say('anonymous', 'anonymous'),
    unit: speak.unit(entry.actorUnit),
    action: say(`actions.${entry.action}`, 'actions.other'),
    target: type ? [type, entry.targetName].filter(Boolean).join(' ') : '—',
    outcome: say(`outcomes.${entry.outcome}`, 'outcomes.ok'),
    changes: lines
      .filter((line) => line !== reason)
      .map((line) => auditLineText(line, (key, values) => say(`notes.${key}`, 'notes.none', values), speak.label)),
    reason: reason?.kind === 'note' ? String(reason.values?.reason ?? '') : '',
  };
}
