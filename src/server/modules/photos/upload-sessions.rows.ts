/** The statements of photo uploads sent in parts (SQLite and PostgreSQL alike; `@name` parameters). */
export const UPLOAD_SESSION_SQL = {
  create: `
    INSERT INTO upload_sessions (id, user_id, file_name, bytes, received, parts, created_at, updated_at)
    VALUES (@id, @userId, @fileName, @bytes, 0, 0, @at, @at)`,
  select:
    'SELECT id, user_id, file_name, bytes, received, parts FROM upload_sessions WHERE id = @id AND user_id = @userId',
  /** A part taken only at the offset it was sent for: of two sends of the same part one wins. */
  advance: `
    UPDATE upload_sessions SET received = received + @length, parts = parts + 1, updated_at = @at
    WHERE id = @id AND received = @offset AND received + @length <= bytes`,
  /** The part was counted but could not be kept: back to where it was. */
  retreat: `
    UPDATE upload_sessions SET received = @offset, parts = parts - 1
    WHERE id = @id AND received = CAST(@offset AS integer) + CAST(@length AS integer)`,
  remove: 'DELETE FROM upload_sessions WHERE id = @id',
  stale: 'SELECT id FROM upload_sessions WHERE updated_at < @cutoff ORDER BY updated_at LIMIT 50',
} as const;

export interface UploadSessionRow {
  id: string;
  user_id: number;
  file_name: string;
  bytes: number;
  received: number;
  parts: number;
}

/** A photo upload sent in parts: `received` bytes of `bytes` have arrived, in `parts` parts (part-0, part-1 …). */
export interface UploadSession {
  id: string;
  userId: string;
  /** The file's name as the phone gave it (sanitized). */
  fileName: string;
  bytes: number;
  received: number;
  parts: number;
}

export const toUploadSession = (row: UploadSessionRow): UploadSession => ({
  id: row.id,
  userId: String(row.user_id),
  fileName: row.file_name,
  bytes: Number(row.bytes),
  received: Number(row.received),
  parts: Number(row.parts),
});

/** Photo uploads sent in parts (docs/field.md); their parts are in the file store (`photoFiles.uploadParts`). */
export interface UploadSessionRepository {
  create(session: { id: string; userId: string; fileName: string; bytes: number }, at: string): Promise<void>;
  /** The user's session, or null (another user's, finished, or cleaned away). */
  get(id: string, userId: string): Promise<UploadSession | null>;
  /** Count a part of `length` bytes sent at `offset`; false when the session is not at that offset any more. */
  advance(id: string, offset: number, length: number, at: string): Promise<boolean>;
  /** Undo `advance` (the part could not be stored). */
  retreat(id: string, offset: number, length: number): Promise<void>;
  remove(id: string): Promise<void>;
  /** Up to 50 sessions not written to since `cutoff`, oldest first. */
  stale(cutoff: string): Promise<string[]>;
}
