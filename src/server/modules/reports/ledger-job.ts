import { unpackRows } from '../gis';
import {
  buildLedgerSheets,
  writeLedgerCsv,
  writeLedgerWorkbook,
  type BuildOptions,
  type LedgerHeader,
  type LedgerZone,
} from './ledger-export';

/**
 * The worker's half of the ledger (ledger.routes.ts): the zones with their tasks and photos (as `packRows` packed
 * them) become the sheets and the file with the same code as in the request's thread. The thumbnails were read
 * beforehand by the request (the photo store is the server's) and come by photo id.
 */
interface LedgerJob {
  entries: readonly Uint8Array[];
  build: BuildOptions;
}

export function writeLedgerWorkbookFile(
  input: LedgerJob & { header: LedgerHeader; thumbs: ReadonlyMap<string, Uint8Array | null> },
): Promise<Buffer> {
  const sheets = buildLedgerSheets(unpackRows<LedgerZone>(input.entries), input.build);
  return writeLedgerWorkbook(sheets, input.header, async (photoId) => {
    const bytes = input.thumbs.get(photoId);
    // A Buffer crosses to a worker as a plain Uint8Array: the same bytes, viewed as a Buffer again.
    return bytes ? Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength) : null;
  });
}

export function writeLedgerCsvFile(input: LedgerJob): Buffer {
  return writeLedgerCsv(buildLedgerSheets(unpackRows<LedgerZone>(input.entries), input.build));
}
