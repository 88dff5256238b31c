import JSZip from 'jszip';
import { ImportError } from './import-error';

/** At most this many entries in an uploaded ZIP. */
export const MAX_ZIP_ENTRIES = 1000;
/** Never inflate more than this from one upload, whatever the ZIP declares (zip bombs). */
export const MAX_UNZIPPED_BYTES = 600 * 1024 * 1024;

interface JSZipInternals {
  /** The name as stored in the archive (JSZip ≥ 3.8 cleans `name` of `../`). */
  unsafeOriginalName?: string;
  _data?: { uncompressedSize?: number; compressedSize?: number };
}

/**
 * An entry name without the archive's UTF-8 flag: UTF-8 when the bytes are valid UTF-8 (many tools
 * write it without the flag), else GBK, as the zip tools of Chinese Windows write names (JSZip's
 * default, CP437, turns 苏州 into box-drawing characters).
 */
function decodeEntryName(bytes: string[] | Uint8Array | Buffer): string {
  const raw = Uint8Array.from(bytes as ArrayLike<number>);
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(raw);
  } catch {
    return new TextDecoder('gbk').decode(raw);
  }
}

/**
 * The entries of an uploaded ZIP, by name (folders dropped, `\` as `/`). Entry names are never used
 * as paths; still, absolute names and `..` segments mark a hostile archive and are refused, as are
 * too many entries and declared sizes over the cap.
 */
export async function openZip(bytes: Uint8Array): Promise<{ zip: JSZip; names: string[] }> {
  let zip: JSZip;
  try {
    zip = await JSZip.loadAsync(bytes, { checkCRC32: false, decodeFileName: decodeEntryName });
  } catch (error) {
    throw new ImportError(
      422,
      `The ZIP archive cannot be read (${error instanceof Error ? error.message : 'damaged'})`,
    );
  }
  const names = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
  if (names.length > MAX_ZIP_ENTRIES)
    throw new ImportError(422, `The ZIP archive has more than ${MAX_ZIP_ENTRIES} files`);
  let declared = 0;
  for (const name of names) {
    const original = (zip.files[name] as unknown as JSZipInternals).unsafeOriginalName ?? name;
    const normalised = original.replace(/\\/g, '/');
    if (normalised.startsWith('/') || /^[a-z]:/i.test(normalised) || normalised.split('/').includes('..')) {
      throw new ImportError(422, `The ZIP archive holds an unsafe path (${normalised.slice(0, 100)}): refused`);
    }
    declared += (zip.files[name] as unknown as JSZipInternals)._data?.uncompressedSize ?? 0;
  }
  if (declared > MAX_UNZIPPED_BYTES) {
    throw new ImportError(413, `The ZIP archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`);
  }
  return { zip, names: names.filter((name) => !name.includes('__MACOSX')) };
}

interface ZipStream {
  on(event: 'data', listener: (chunk: Uint8Array) => void): ZipStream;
  on(event: 'error', listener: (error: Error) => void): ZipStream;
  on(event: 'end', listener: () => void): ZipStream;
  pause(): ZipStream;
  resume(): ZipStream;
}

/** Inflate one entry, stopping as soon as it grows past what is left of the cap (a lying size header). */
export function readZipEntry(zip: JSZip, name: string, budget: { left: number }): Promise<Uint8Array> {
  const file = zip.file(name);
  if (!file) return Promise.reject(new ImportError(422, `The ZIP archive has no ${name}`));
  return new Promise((resolve, reject) => {
    const chunks: Uint8Array[] = [];
    let size = 0;
    let stopped = false;
    // JSZip's streaming reader (public since 3.0, missing from its type definitions).
    const stream = (file as unknown as { internalStream(type: 'uint8array'): ZipStream }).internalStream('uint8array');
    stream
      .on('data', (chunk: Uint8Array) => {
        if (stopped) return;
        size += chunk.length;
        if (size > budget.left) {
          stopped = true;
          stream.pause();
          reject(new ImportError(413, `The ZIP archive unpacks to more than ${MAX_UNZIPPED_BYTES / 1024 / 1024} MB`));
          return;
        }
        chunks.push(chunk);
      })
      .on('error', (error: Error) => {
        if (!stopped) reject(new ImportError(422, `The ZIP entry ${name} is damaged (${error.message})`));
        stopped = true;
      })
      .on('end', () => {
        if (stopped) return;
        budget.left -= size;
        const out = new Uint8Array(size);
        let offset = 0;
        for (const chunk of chunks) {
          out.set(chunk, offset);
          offset += chunk.length;
        }
        resolve(out);
      })
      .resume();
  });
}
