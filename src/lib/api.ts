import { problemSchema, type Problem } from '../shared/problem';

/** An API answer that was not 2xx, with the server's problem+json when it sent one. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly problem: Problem | null,
  ) {
    super(problem?.detail ?? problem?.title ?? `HTTP ${status}`);
  }
}

interface Parser<T> {
  parse(value: unknown): T;
}

/** GET a JSON resource and validate it with a shared schema. */
export async function getJson<T>(url: string, schema: Parser<T>, signal?: AbortSignal): Promise<T> {
  const response = await fetch(url, { headers: { Accept: 'application/json' }, signal, credentials: 'same-origin' });
  if (!response.ok) {
    let problem: Problem | null = null;
    try {
      problem = problemSchema.parse(await response.json());
    } catch {
      problem = null;
    }
    throw new ApiError(response.status, problem);
  }
  return schema.parse(await response.json());
}
