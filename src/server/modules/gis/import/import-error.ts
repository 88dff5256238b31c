/** A file the import cannot read: becomes a 4xx problem (422 unless the status says otherwise). */
export class ImportError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422 | 429,
    message: string,
    /** A typed reason the client words itself (the problem's `reason` member), e.g. `dwg`. */
    readonly reason?: string,
  ) {
    super(message);
  }
}
