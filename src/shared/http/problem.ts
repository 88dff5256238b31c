import * as z from 'zod/mini';

/**
 * RFC 9457 problem details, the body of every 4xx/5xx answer of the API, with the extension members the
 * server adds to some of them that the client reads (HttpProblem's `extra`; docs/architecture.md). Others (a batch's
 * `failedOperation`) pass through untyped.
 */
export const problemSchema = z.looseObject({
  type: z.string(),
  title: z.string(),
  status: z.int(),
  detail: z.optional(z.string()),
  errors: z.optional(z.array(z.object({ path: z.string(), message: z.string() }))),
  /** 400 on a zone write: why the geometry is invalid (a GeometryReason, worded as geometry.<reason>). */
  reason: z.optional(z.string()),
  /** 422 on a register import: the file's layers and the one read, so that the user can choose another. */
  layers: z.optional(z.array(z.string())),
  layer: z.optional(z.nullable(z.string())),
  /** 403/409/422 on a task action: the rule that refused it (a TaskActionRefusal, worded as task.refusal.<refusal>). */
  refusal: z.optional(z.string()),
  /** 409 on a zone write: the ids of the zones of the same item it overlaps. */
  overlaps: z.optional(z.array(z.string())),
  /** 412: the version the server holds now … */
  currentVersion: z.optional(z.int()),
  /** … and (zones, tasks, flood profiles, accounts) the record at that version, for the caller to show. */
  current: z.optional(z.unknown()),
  /** 422 on an import: the validation report (its schema is the resource's: data/imports.ts, data/cases.ts). */
  report: z.optional(z.unknown()),
  /** 409 on a part of an upload sent in parts: how many bytes the server has, where to resume. */
  offset: z.optional(z.int()),
});
export type Problem = z.infer<typeof problemSchema>;

export const PROBLEM_CONTENT_TYPE = 'application/problem+json';
