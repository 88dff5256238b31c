/** A file the import cannot read: becomes a 4xx problem (422 unless the status says otherwise). */
export class ImportError extends Error {
  constructor(
    readonly status: 400 | 413 | 415 | 422 | 429,
    message: string,
  ) {
    super(message);
  }
}
