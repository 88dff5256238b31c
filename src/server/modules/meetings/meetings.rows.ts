import type { NewAuditEntry } from '../../platform/audit';
import {
  agendaSchema,
  type Agenda,
  type Decision,
  type DecisionOutcome,
  type Meeting,
  type MeetingKind,
  type MeetingState,
} from '../../../shared/meetings/meetings';

/** Meeting rows, mappers and statements, shared by the SQLite and PostgreSQL repositories. */
export interface MeetingRow {
  id: number;
  kind: MeetingKind;
  title: string;
  date: string;
  time: string;
  place: string;
  attendees_json: string;
  state: MeetingState;
  agenda_json: string | null;
  minutes: string;
  created_by_name: string | null;
  created_at: string;
  version: number;
}

export interface DecisionRow {
  id: number;
  meeting_id: number;
  text: string;
  owner_unit_id: string;
  due_date: string;
  outcome: DecisionOutcome | null;
  task_id: number | null;
  supervision_id: number | null;
  created_at: string;
  version: number;
}

const idOrNull = (value: number | null) => (value === null ? null : String(value));

export const toDecision = (row: DecisionRow): Decision => ({
  id: String(row.id),
  meetingId: String(row.meeting_id),
  text: row.text,
  ownerUnit: row.owner_unit_id,
  dueDate: row.due_date,
  outcome: row.outcome,
  taskId: idOrNull(row.task_id),
  supervisionId: idOrNull(row.supervision_id),
  createdAt: row.created_at,
  version: row.version,
});

const agendaOf = (json: string | null): Agenda | null => (json === null ? null : agendaSchema.parse(JSON.parse(json)));

export const toMeetings = (rows: readonly MeetingRow[], decisions: readonly DecisionRow[]): Meeting[] =>
  rows.map((row) => ({
    id: String(row.id),
    kind: row.kind,
    title: row.title,
    date: row.date,
    time: row.time,
    place: row.place,
    attendees: JSON.parse(row.attendees_json) as string[],
    state: row.state,
    agenda: agendaOf(row.agenda_json),
    minutes: row.minutes,
    createdByName: row.created_by_name,
    createdAt: row.created_at,
    version: row.version,
    decisions: decisions.filter((decision) => decision.meeting_id === row.id).map(toDecision),
  }));

/** Which meetings a read returns: one, or all. */
export interface MeetingScope {
  id?: number;
}

export function meetingWhere(scope: MeetingScope): { where: string; params: Record<string, unknown> } {
  return scope.id === undefined ? { where: '1 = 1', params: {} } : { where: 'm.id = @id', params: { id: scope.id } };
}

/** The columns a change may set (null: unchanged), as the route planned them. */
export interface MeetingChange {
  title?: string;
  date?: string;
  time?: string;
  place?: string;
  attendees?: string[];
  minutes?: string;
  state?: MeetingState;
  agenda?: Agenda;
}

const CHANGE_COLUMNS: Record<Exclude<keyof MeetingChange, 'attendees' | 'agenda'>, string> = {
  title: 'title',
  date: 'date',
  time: 'time',
  place: 'place',
  minutes: 'minutes',
  state: 'state',
};

/** The version-checked UPDATE of a change and its parameters (no row changed: stale or gone). */
export function planMeetingUpdate(id: number, expectedVersion: number, change: MeetingChange) {
  const sets: string[] = [];
  const params: Record<string, unknown> = { id, expectedVersion };
  for (const [key, column] of Object.entries(CHANGE_COLUMNS) as [keyof typeof CHANGE_COLUMNS, string][]) {
    if (change[key] === undefined) continue;
    sets.push(`${column} = @${key}`);
    params[key] = change[key];
  }
  if (change.attendees !== undefined) {
    sets.push('attendees_json = @attendeesJson');
    params.attendeesJson = JSON.stringify(change.attendees);
  }
  if (change.agenda !== undefined) {
    sets.push('agenda_json = @agendaJson');
    params.agendaJson = JSON.stringify(change.agenda);
  }
  sets.push('version = version + 1');
  return {
    sql: `UPDATE meetings SET ${sets.join(', ')} WHERE id = @id AND version = @expectedVersion`,
    params,
  };
}

/** Statements with `@name` parameters (PostgreSQL runs them through `named`). */
export const MEETING_SQL = {
  list: (where: string) =>
    `SELECT m.id, m.kind, m.title, m.date, m.time, m.place, m.attendees_json, m.state, m.agenda_json, m.minutes,
            u.display_name AS created_by_name, m.created_at, m.version
       FROM meetings m LEFT JOIN users u ON u.id = m.created_by
      WHERE ${where} ORDER BY m.date DESC, m.time DESC, m.id DESC`,
  decisions: (where: string) =>
    `SELECT d.id, d.meeting_id, d.text, d.owner_unit_id, d.due_date, d.outcome, d.task_id, d.supervision_id,
            d.created_at, d.version
       FROM meeting_decisions d WHERE d.meeting_id IN (SELECT m.id FROM meetings m WHERE ${where}) ORDER BY d.id`,
  insert: `INSERT INTO meetings (kind, title, date, time, place, attendees_json, state, agenda_json, minutes, created_by,
                                 created_at)
           VALUES (@kind, @title, @date, @time, @place, @attendeesJson, @state, @agendaJson, @minutes, @createdBy,
                   @createdAt)`,
  insertDecision: `INSERT INTO meeting_decisions (meeting_id, text, owner_unit_id, due_date, created_at)
                   VALUES (@meetingId, @text, @ownerUnit, @dueDate, @createdAt)`,
  decision: `SELECT id, meeting_id, text, owner_unit_id, due_date, outcome, task_id, supervision_id, created_at, version
               FROM meeting_decisions WHERE id = @id AND meeting_id = @meetingId`,
  /** Claims the decision for one outcome: no row changed means it is converted (or being converted) already. */
  claim: `UPDATE meeting_decisions SET outcome = @outcome, version = version + 1
           WHERE id = @id AND outcome IS NULL`,
  /** The created task's or 督办's id, stored once the claim succeeded. */
  link: `UPDATE meeting_decisions SET task_id = @taskId, supervision_id = @supervisionId, version = version + 1
          WHERE id = @id AND outcome = @outcome`,
  /** Gives the claim back when the task or 督办 could not be created. */
  release: `UPDATE meeting_decisions SET outcome = NULL, version = version + 1
             WHERE id = @id AND outcome = @outcome AND task_id IS NULL AND supervision_id IS NULL`,
};

/** What a new meeting needs (its agenda generated by the route). */
export interface NewMeeting {
  kind: MeetingKind;
  title: string;
  date: string;
  time: string;
  place: string;
  attendees: string[];
  state: MeetingState;
  agenda: Agenda | null;
  minutes: string;
  createdBy: number | null;
}

export const newMeetingParams = (input: NewMeeting, now: string) => ({
  kind: input.kind,
  title: input.title,
  date: input.date,
  time: input.time,
  place: input.place,
  attendeesJson: JSON.stringify(input.attendees),
  state: input.state,
  agendaJson: input.agenda === null ? null : JSON.stringify(input.agenda),
  minutes: input.minutes,
  createdBy: input.createdBy,
  createdAt: now,
});

export interface NewDecision {
  text: string;
  ownerUnit: string;
  dueDate: string;
}

export type MeetingWriteResult =
  | { ok: true; meeting: Meeting }
  | { ok: false; reason: 'not-found' }
  | { ok: false; reason: 'stale'; current: Meeting };

export type MeetingAudit = (meeting: Meeting) => NewAuditEntry;
export type DecisionAudit = (decision: Decision) => NewAuditEntry;

/** The meetings repository (SQLite: meetings.repo.ts, PostgreSQL: meetings.pg.ts). */
export interface MeetingRepository {
  list(): Promise<Meeting[]>;
  get(id: number): Promise<Meeting | null>;
  /** A meeting and its audit entry in one transaction. */
  create(input: NewMeeting, audit: MeetingAudit, now: string): Promise<Meeting>;
  /** The version-checked change and its audit entry. */
  update(id: number, expectedVersion: number, change: MeetingChange, audit: MeetingAudit): Promise<MeetingWriteResult>;
  addDecision(meetingId: number, input: NewDecision, audit: DecisionAudit, now: string): Promise<Decision>;
  getDecision(meetingId: number, id: number): Promise<Decision | null>;
  /** Claim the decision for an outcome; false: it has one already. */
  claimDecision(id: number, outcome: DecisionOutcome): Promise<boolean>;
  /** Store the created task's or 督办's id, with its audit entry. */
  linkDecision(
    meetingId: number,
    id: number,
    outcome: DecisionOutcome,
    targetId: number,
    audit: DecisionAudit,
  ): Promise<Decision>;
  /** Give a claim back (the task or 督办 could not be created). */
  releaseDecision(id: number, outcome: DecisionOutcome): Promise<void>;
}

export const linkParams = (id: number, outcome: DecisionOutcome, targetId: number) => ({
  id,
  outcome,
  taskId: outcome === 'task' ? targetId : null,
  supervisionId: outcome === 'supervision' ? targetId : null,
});
