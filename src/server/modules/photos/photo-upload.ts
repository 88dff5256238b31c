/** Streaming a multipart photo upload to temporary files, shared by photo evidence and residents' reports. */
import { createWriteStream } from 'node:fs';
import { Transform, type Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyRequest } from 'fastify';
import { HttpProblem } from '../../platform/problem';
import { sanitizeFileName } from '../../platform/storage/file-names';
import type { PhotoSettings } from '../../platform/config';
import { sniffImage } from './photo-processing';

/** At most this many `file` parts in one upload request. */
export const MAX_FILES_PER_UPLOAD = 10;

/** One file part of an upload, streamed to its temporary file. */
export interface UploadedFile {
  name: string;
  path: string;
  bytes: number;
  /** Not an accepted image (decided from its first bytes): nothing of it was stored. */
  refused: HttpProblem | null;
}

/** Bytes that decide a file's type: the signatures, and enough text to name an SVG or HTML page. */
const SNIFF_BYTES = 512;

/**
 * Stream one file part to `file` (docs/quality.md R11: never whole in memory), deciding its type
 * from the first bytes. A file that is not an accepted image is never stored: with `failFast` (the
 * request's first file) the stream fails with the 415 as soon as those bytes arrive, without reading
 * the rest; otherwise the rest of that part is read and dropped so the files after it still arrive,
 * and the 415 is returned as `refused`.
 */
export async function streamUpload(
  source: Readable,
  file: string,
  failFast: boolean,
): Promise<{ bytes: number; refused: HttpProblem | null }> {
  let head = Buffer.alloc(0);
  let sniffed = false;
  let refused: HttpProblem | null = null;
  let bytes = 0;
  const sniff = (): HttpProblem | null => {
    sniffed = true;
    try {
      sniffImage(head);
      return null;
    } catch (error) {
      if (error instanceof HttpProblem) return error;
      throw error;
    }
  };
  const decide = (callback: (error?: Error | null, data?: Buffer) => void) => {
    refused = sniff();
    if (!refused) return callback(null, head);
    return failFast ? callback(refused) : callback();
  };
  const sniffer = new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      bytes += chunk.length;
      if (refused) return callback();
      if (sniffed) return callback(null, chunk);
      head = Buffer.concat([head, chunk]);
      if (head.length < SNIFF_BYTES) return callback();
      return decide(callback);
    },
    flush(callback) {
      if (sniffed) return callback();
      return decide(callback);
    },
  });
  await pipeline(source, sniffer, createWriteStream(file, { flags: 'wx', mode: 0o640 }));
  return { bytes, refused };
}

/** Multipart errors (limits, malformed bodies) as problems saying what is wrong; never a 500. */
export function multipartProblem(
  error: unknown,
  settings: PhotoSettings,
  maxFiles: number = MAX_FILES_PER_UPLOAD,
): HttpProblem {
  if (error instanceof HttpProblem) return error;
  const code = (error as { code?: string }).code;
  if (code === 'FST_REQ_FILE_TOO_LARGE') {
    return new HttpProblem(413, `A file is larger than ${settings.maxMegabytes} MB, the upload limit`);
  }
  if (code === 'FST_FILES_LIMIT') {
    return new HttpProblem(413, `At most ${maxFiles} files can be sent in one upload`);
  }
  if (code === 'FST_PARTS_LIMIT' || code === 'FST_FIELDS_LIMIT') {
    return new HttpProblem(413, 'The upload has too many form fields');
  }
  if (code === 'FST_INVALID_JSON_FIELD_ERROR') {
    return new HttpProblem(400, 'A form field declared as JSON is not valid JSON: send plain text fields');
  }
  const status = (error as { statusCode?: number }).statusCode;
  const message = error instanceof Error ? error.message : 'unreadable';
  if (typeof status === 'number' && status >= 400 && status < 500) return new HttpProblem(status, message);
  return new HttpProblem(400, `The multipart body is malformed: ${message}`);
}

/**
 * One text field of a multipart upload into `fields`: only the `allowed` names, each once, as short text (400
 * otherwise, naming the field).
 */
export function takeTextField(
  part: { fieldname: string; value: unknown; valueTruncated: boolean },
  allowed: readonly string[],
  fields: Record<string, string>,
): void {
  if (!allowed.includes(part.fieldname)) {
    throw new HttpProblem(400, `Unknown form field "${part.fieldname.slice(0, 40)}"`, [
      { path: part.fieldname.slice(0, 40), message: `expected one of file, ${allowed.join(', ')}` },
    ]);
  }
  if (typeof part.value !== 'string' || part.valueTruncated) {
    throw new HttpProblem(400, `Form field "${part.fieldname}" must be a short text`);
  }
  if (part.fieldname in fields) throw new HttpProblem(400, `Form field "${part.fieldname}" is given twice`);
  fields[part.fieldname] = part.value;
}

/** How one multipart photo upload is read (receivePhotoParts). */
export interface PhotoPartsOptions {
  /** The text fields the form may carry (takeTextField). */
  fields: readonly string[];
  /** At most this many files (the multipart limit the scope registered). */
  maxFiles: number;
  /**
   * Refuse every file that is not an image at once (415, the rest unread); otherwise only the first one, and a
   * later one is marked `refused` while the files after it still arrive.
   */
  failFastEvery: boolean;
  /** Called before each file's bytes are read, with the text fields sent so far (a check that needs them). */
  beforeFile?(fields: Record<string, string>): Promise<void>;
}

/**
 * Read a multipart photo upload: text fields into the answer, each `file` part streamed to a temporary file pushed
 * onto `files` (the caller removes them when done, whatever happens). A multipart error is a problem saying what is
 * wrong that closes the connection, so a client stops sending a body that is refused.
 */
export async function receivePhotoParts(
  request: FastifyRequest,
  uploadPath: () => string,
  settings: PhotoSettings,
  options: PhotoPartsOptions,
  files: UploadedFile[],
): Promise<Record<string, string>> {
  const fields: Record<string, string> = {};
  try {
    for await (const part of request.parts()) {
      if (part.type === 'field') {
        takeTextField(part, options.fields, fields);
        continue;
      }
      if (part.fieldname !== 'file') {
        throw new HttpProblem(400, `Photos go in the "file" field, not "${part.fieldname.slice(0, 40)}"`);
      }
      await options.beforeFile?.(fields);
      const file: UploadedFile = { name: sanitizeFileName(part.filename), path: uploadPath(), bytes: 0, refused: null };
      files.push(file);
      Object.assign(file, await streamUpload(part.file, file.path, options.failFastEvery || files.length === 1));
      if (part.file.truncated) throw Object.assign(new Error('too large'), { code: 'FST_REQ_FILE_TOO_LARGE' });
    }
  } catch (error) {
    const problem = multipartProblem(error, settings, options.maxFiles);
    throw new HttpProblem(problem.status, problem.detail, problem.errors, problem.extra, {
      ...problem.headers,
      Connection: 'close',
    });
  }
  return fields;
}
