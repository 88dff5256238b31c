import type { FastifyReply } from 'fastify';
import type { core } from 'zod/mini';

type ZodError = core.$ZodError;
import { PROBLEM_CONTENT_TYPE, type Problem } from '../../shared/http/problem';

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  406: 'Not Acceptable',
  408: 'Request Timeout',
  409: 'Conflict',
  412: 'Precondition Failed',
  413: 'Content Too Large',
  415: 'Unsupported Media Type',
  421: 'Misdirected Request',
  422: 'Unprocessable Content',
  428: 'Precondition Required',
  429: 'Too Many Requests',
  431: 'Request Header Fields Too Large',
  500: 'Internal Server Error',
  501: 'Not Implemented',
  503: 'Service Unavailable',
  507: 'Insufficient Storage',
};

/** An error that becomes a problem+json answer with its status. */
export class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly detail: string,
    readonly errors?: Problem['errors'],
    /** Extra members for the problem body (e.g. the current version on a 412). */
    readonly extra?: Record<string, unknown>,
    readonly headers?: Record<string, string>,
  ) {
    super(detail);
  }
}

/** The standard title of a status ("Error" for one without). */
export const problemTitle = (status: number) => TITLES[status] ?? 'Error';

export function problemBody(status: number, detail?: string, errors?: Problem['errors']): Problem {
  return {
    type: 'about:blank',
    title: TITLES[status] ?? 'Error',
    status,
    ...(detail ? { detail } : {}),
    ...(errors?.length ? { errors } : {}),
  };
}

export function sendProblem(
  reply: FastifyReply,
  status: number,
  detail?: string,
  errors?: Problem['errors'],
  extra?: Record<string, unknown>,
) {
  return reply
    .code(status)
    .type(PROBLEM_CONTENT_TYPE)
    .send({ ...problemBody(status, detail, errors), ...extra });
}

/** Turn zod issues into `{path, message}` pairs a client can show next to a field. */
export function zodErrors(error: ZodError): NonNullable<Problem['errors']> {
  return error.issues.map((issue) => ({
    path: issue.path.map(String).join('.') || '(root)',
    message: issue.message,
  }));
}

/** Parse with a zod schema or throw a 400 problem naming each wrong field. */
export function parseOr400<T>(
  schema: { safeParse(value: unknown): { success: true; data: T } | { success: false; error: ZodError } },
  value: unknown,
  what: string,
): T {
  const result = schema.safeParse(value);
  if (!result.success) {
    const errors = zodErrors(result.error);
    const first = errors[0];
    throw new HttpProblem(400, `Invalid ${what}: ${first ? `${first.path}: ${first.message}` : 'malformed'}`, errors);
  }
  return result.data;
}
