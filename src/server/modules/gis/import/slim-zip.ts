import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { openZip } from './zip';

/** The members of a zipped Shapefile the reader uses; everything else in the archive is dropped. */
export const SHAPEFILE_PARTS = new Set(['.shp', '.shx', '.dbf', '.prj', '.cpg']);
const extensionOf = (name: string) => path.posix.extname(name).toLowerCase();

/**
 * Keep only what the import will read of an uploaded ZIP (docs/quality.md R11): a Shapefile's .shp,
 * .shx, .dbf, .prj and .cpg, or a KMZ's KML files (doc.kml and the layers it links). Other members (pictures,
 * spatial indexes, junk) are dropped before the upload waits in the session folder. Kept members are
 * copied as they are compressed (JSZip reuses DEFLATE data), never inflated here. Runs in an import
 * worker; a file that is not a readable ZIP is left for the reader to refuse.
 */
export async function slimZip(input: { path: string }): Promise<{ bytes: number; dropped: number }> {
  const bytes = readFileSync(input.path);
  const { zip, names } = await openZip(bytes);
  const members = Object.keys(zip.files).filter((name) => !zip.files[name]!.dir);
  const keep = new Set<string>();
  if (names.some((name) => extensionOf(name) === '.shp')) {
    for (const name of names) if (SHAPEFILE_PARTS.has(extensionOf(name))) keep.add(name);
  } else {
    // A KMZ: its KML files (doc.kml and the layers it may link, as GDAL's LIBKML driver writes them).
    for (const name of names) if (extensionOf(name) === '.kml') keep.add(name);
  }
  if (!keep.size) return { bytes: bytes.length, dropped: 0 };
  const dropped = members.filter((name) => !keep.has(name));
  if (!dropped.length) return { bytes: bytes.length, dropped: 0 };
  for (const name of dropped) zip.remove(name);
  const slim = await zip.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE' });
  const temporary = `${input.path}.slim`;
  writeFileSync(temporary, slim);
  renameSync(temporary, input.path);
  return { bytes: slim.length, dropped: dropped.length };
}
