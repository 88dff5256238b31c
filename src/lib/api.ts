import { problemSchema, type Problem } from '../shared/http/problem';

/** An API answer that was not 2xx, with the server's problem+json when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
    readonly headers: Headers | null = null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

interface Parser<T> {
  parse(value: unknown): T;
}

/** Called for every 401, so the app can show the login page when a session ends. */
let onUnauthorized: (() => void) | null = null;
export function setUnauthorizedHandler(handler: (() => void) | null): void {
  onUnauthorized = handler;
}
/** For requests made without this client (uploads with progress): report a 401. */
export const notifyUnauthorized = () => onUnauthorized?.();

async function failure(response: Response): Promise<ApiError> {
  let problem: Problem | null = null;
  try {
    problem = problemSchema.parse(await response.json());
  } catch {
    problem = null;
  }
  return new ApiError(response.status, problem, response.headers);
}

async function send(url: string, init: RequestInit): Promise<Response> {
  const response = await fetch(url, { credentials: 'same-origin', ...init });
  if (!response.ok) {
    const error = await failure(response);
    if (response.status === 401 && !url.startsWith('/api/session')) onUnauthorized?.();
    throw error;
  }
  return response;
}

/** GET a JSON resource and validate it with a shared schema. */
export async function getJson<T>(url: string, schema: Parser<T>, signal?: AbortSignal): Promise<T> {
  const response = await send(url, { headers: { Accept: 'application/json' }, signal });
  return schema.parse(await response.json());
}

/** GET a JSON resource with its ETag (for a later If-Match). */
export async function getWithEtag<T>(
  url: string,
  schema: Parser<T>,
  signal?: AbortSignal,
): Promise<{ data: T; etag: string }> {
  const response = await send(url, { headers: { Accept: 'application/json' }, signal });
  return { data: schema.parse(await response.json()), etag: response.headers.get('ETag') ?? '' };
}

/** Send a JSON body; parse the answer with `schema`, or return null for 204. */
export async function sendJson<T>(
  method: 'POST' | 'PATCH' | 'PUT' | 'DELETE',
  url: string,
  body: unknown,
  schema: Parser<T> | null,
  headers: Record<string, string> = {},
): Promise<{ data: T | null; etag: string | null }> {
  const response = await send(url, {
    method,
    headers: {
      Accept: 'application/json',
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const etag = response.headers.get('ETag');
  if (response.status === 204 || !schema) return { data: null, etag };
  return { data: schema.parse(await response.json()), etag };
}

/** PUT raw bytes (a part of an upload sent in parts); parse the answer with `schema`. */
export async function sendBytes<T>(url: string, bytes: Blob, schema: Parser<T>, headers: Record<string, string>) {
  const response = await send(url, {
    method: 'PUT',
    headers: { Accept: 'application/json', 'Content-Type': 'application/octet-stream', ...headers },
    body: bytes,
  });
  return schema.parse(await response.json());
}

/** POST a multipart form (photos with their fields); parse the answer with `schema`. */
export async function sendForm<T>(url: string, form: FormData, schema: Parser<T>): Promise<T> {
  const response = await send(url, { method: 'POST', headers: { Accept: 'application/json' }, body: form });
  return schema.parse(await response.json());
}
