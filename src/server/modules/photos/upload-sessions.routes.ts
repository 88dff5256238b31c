import { createReadStream, createWriteStream } from 'node:fs';
import { rm } from 'node:fs/promises';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import * as z from 'zod/mini';
import type { RouteContext } from '../../platform/context';
import { HttpProblem, parseOr400 } from '../../platform/problem';
import { orNotFound } from '../../platform/found';
import { newStorageKey } from '../../platform/storage/photo-files';
import { sanitizeFileName } from '../../platform/storage/file-names';
import type { PhotoSettings } from '../../platform/config';
import { streamUpload, type UploadedFile } from './photo-upload';
import type { createUploadSlots } from './upload-slots';
import type { UploadSession } from './upload-sessions.rows';

/** The largest part one PUT may carry. */
export const UPLOAD_PART_MAX_BYTES = 8 * 1024 * 1024;
/** A session not written to for this long is removed with its parts. */
export const UPLOAD_SESSION_STALE_HOURS = 24;

/** An upload id: 32 hex digits, chosen by the server. */
export const UPLOAD_ID = /^[0-9a-f]{32}$/;
const uploadParamsSchema = z.object({ id: z.string().check(z.regex(UPLOAD_ID, 'upload id must be 32 hex digits')) });
const createBodySchema = z.strictObject({
  bytes: z.number().check(z.int('bytes must be a whole number'), z.positive('bytes must be more than 0')),
  fileName: z.optional(z.string().check(z.maxLength(200, 'at most 200 characters'))),
});
const CONTENT_RANGE = /^bytes (\d{1,12})-(\d{1,12})\/(\d{1,12})$/;
const partName = (index: number) => `part-${index}`;

/** The state a client resumes from: how many bytes of the upload the server has. */
const stateOf = (session: UploadSession) => ({ id: session.id, bytes: session.bytes, offset: session.received });

/**
 * Photo uploads sent in parts on flaky links (docs/field.md): `POST /api/uploads` opens one, each
 * `PUT /api/uploads/:id` with `Content-Range` adds the next part (only at the offset the server has: a part sent
 * twice is taken once), `GET` says where to resume; the finished upload is then sent to
 * `POST /api/zones/:id/photos` as the field `upload` instead of a file, and goes through the same checks. The
 * session's row is shared by every instance, its parts are in the file store; sessions idle for a day are removed.
 */
export function registerUploadSessions(
  app: FastifyInstance,
  context: RouteContext,
  settings: PhotoSettings,
  slots: ReturnType<typeof createUploadSlots>,
) {
  const { repos } = context;
  const maxBytes = Math.floor(settings.maxMegabytes * 1024 * 1024);
  const parts = () => repos.photoFiles.uploadParts;

  const sessionOr404 = async (request: FastifyRequest) => {
    const { id } = parseOr400(uploadParamsSchema, request.params, 'upload id');
    return orNotFound(
      await repos.uploadSessions.get(id, request.user!.id),
      `Upload ${id} does not exist (finished, or not written to for ${UPLOAD_SESSION_STALE_HOURS} hours): start again`,
    );
  };
  const remove = async (id: string) => {
    await parts().remove(id);
    await repos.uploadSessions.remove(id);
  };
  const sweep = async () => {
    const cutoff = new Date(context.now().getTime() - UPLOAD_SESSION_STALE_HOURS * 3_600_000).toISOString();
    for (const id of await repos.uploadSessions.stale(cutoff)) await remove(id);
  };

  void app.register(async (scope) => {
    // A part is streamed to a file as it arrives (docs/quality.md R11), never parsed.
    scope.addContentTypeParser('application/octet-stream', (_request, payload, done) => done(null, payload));

    scope.post('/api/uploads', async (request, reply) => {
      const { bytes, fileName } = parseOr400(createBodySchema, request.body, 'upload');
      if (bytes > maxBytes) {
        throw new HttpProblem(413, `The file is larger than ${settings.maxMegabytes} MB, the upload limit`);
      }
      await sweep();
      const id = newStorageKey();
      await repos.uploadSessions.create(
        { id, userId: request.user!.id, fileName: sanitizeFileName(fileName ?? ''), bytes },
        context.now().toISOString(),
      );
      reply.header('Location', `/api/uploads/${id}`);
      return reply.code(201).send({ id, bytes, offset: 0 });
    });

    scope.get('/api/uploads/:id', async (request) => stateOf(await sessionOr404(request)));

    scope.put('/api/uploads/:id', async (request) => {
      const session = await sessionOr404(request);
      const range = CONTENT_RANGE.exec(String(request.headers['content-range'] ?? ''));
      if (!range) {
        throw new HttpProblem(400, 'Send a part with Content-Range: bytes FIRST-LAST/TOTAL', [
          { path: 'Content-Range', message: 'required as bytes FIRST-LAST/TOTAL' },
        ]);
      }
      const [first, last, total] = range.slice(1).map(Number) as [number, number, number];
      const length = last - first + 1;
      if (total !== session.bytes || last < first || last >= total) {
        throw new HttpProblem(416, `The range ${first}-${last}/${total} is not within the ${session.bytes} bytes`);
      }
      if (length > UPLOAD_PART_MAX_BYTES) {
        throw new HttpProblem(413, `A part may carry at most ${UPLOAD_PART_MAX_BYTES / 1024 / 1024} MB`);
      }
      if (first !== session.received) {
        throw new HttpProblem(
          409,
          `The server has ${session.received} bytes of this upload: send the part from there`,
          undefined,
          { offset: session.received },
        );
      }
      if (!(request.body instanceof Readable)) {
        throw new HttpProblem(415, 'Send the part as application/octet-stream');
      }
      const release = slots.acquire(request.user!.id);
      const temporary = repos.photoFiles.uploadPath();
      try {
        let received = 0;
        const counter = new Transform({
          transform(chunk: Buffer, _encoding, callback) {
            received += chunk.length;
            if (received > length) return callback(new HttpProblem(400, `The part is longer than ${length} bytes`));
            return callback(null, chunk);
          },
        });
        await pipeline(request.body, counter, createWriteStream(temporary, { flags: 'wx', mode: 0o640 })).catch(
          (error: unknown) => {
            // Cut off on the way (the link dropped): nothing of the part is kept; the client sends it again.
            throw error instanceof HttpProblem ? error : new HttpProblem(400, 'The part was cut off: send it again');
          },
        );
        if (received !== length) {
          throw new HttpProblem(400, `The part has ${received} bytes, Content-Range says ${length}`);
        }
        const at = context.now().toISOString();
        if (!(await repos.uploadSessions.advance(session.id, first, length, at))) {
          const now = orNotFound(await repos.uploadSessions.get(session.id, request.user!.id), 'The upload is gone');
          throw new HttpProblem(409, `The server has ${now.received} bytes of this upload`, undefined, {
            offset: now.received,
          });
        }
        try {
          await parts().put(session.id, partName(session.parts), temporary);
        } catch (error) {
          await repos.uploadSessions.retreat(session.id, first, length);
          throw error;
        }
        return { id: session.id, bytes: session.bytes, offset: first + length };
      } finally {
        release();
        await rm(temporary, { force: true });
      }
    });

    scope.delete('/api/uploads/:id', async (request, reply) => {
      await remove((await sessionOr404(request)).id);
      return reply.code(204).send();
    });
  });

  return {
    /**
     * The finished upload `id` of `userId` as the photo pipeline's uploaded file: its parts joined into `file.path`
     * (sniffed like a file part). Null when there is no such session; 409 while parts are missing.
     */
    async assemble(id: string, userId: string, file: UploadedFile): Promise<UploadedFile | null> {
      const session = await repos.uploadSessions.get(id, userId);
      if (!session) return null;
      if (session.received !== session.bytes) {
        throw new HttpProblem(409, `Upload ${id} has ${session.received} of ${session.bytes} bytes: send the rest`, [
          { path: 'upload', message: 'not finished' },
        ]);
      }
      const copies: string[] = [];
      async function* joined() {
        for (let index = 0; index < session!.parts; index += 1) {
          const cache = repos.photoFiles.uploadPath();
          const local = await parts().localCopy(id, partName(index), cache);
          if (!local) throw new HttpProblem(409, `A part of upload ${id} is missing: start again`);
          if (local === cache) copies.push(cache);
          yield* createReadStream(local);
        }
      }
      try {
        const streamed = await streamUpload(Readable.from(joined()), file.path, true);
        return { ...file, name: session.fileName || file.name, ...streamed };
      } finally {
        await Promise.all(copies.map((copy) => rm(copy, { force: true })));
      }
    },
    /** The upload was stored as a photo (or refused for good): its session and parts go. */
    remove,
  };
}
