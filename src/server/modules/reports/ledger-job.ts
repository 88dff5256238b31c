import { writeLedgerCsv, writeLedgerWorkbook, type LedgerHeader, type LedgerSheet } from './ledger-export';

/**
 * The worker's half of the ledger (ledger.routes.ts): the same writers as in the request's thread, the thumbnails
 * read beforehand by the request (the photo store is the server's) and handed over by photo id.
 */
export function writeLedgerWorkbookFile(input: {
  sheets: readonly LedgerSheet[];
  header: LedgerHeader;
  thumbs: ReadonlyMap<string, Uint8Array | null>;
}): Promise<Buffer> {
  return writeLedgerWorkbook(input.sheets, input.header, async (photoId) => {
    const bytes = input.thumbs.get(photoId);
    // A Buffer crosses to a worker as a plain Uint8Array: the same bytes, viewed as a Buffer again.
    return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  });
}

export function writeLedgerCsvFile(input: { sheets: readonly LedgerSheet[] }): Buffer {
  return writeLedgerCsv(input.sheets);
}
