/**
 * Build step: a `.br` (brotli, quality 11) and a `.gz` (gzip, level 9) beside every compressible
 * file of the build output, so the server sends the best encoding a browser accepts without
 * compressing per request (@fastify/static `preCompressed`, app.ts). Run by the Vite plugin below
 * after every `vite build` (dist/, dist-test/, the bench's build).
 */
import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text-like files worth compressing; images and fonts are compressed already, source maps are not shipped. */
export const COMPRESSIBLE = /\.(?:js|mjs|css|html|json|svg|txt|wasm|xml|webmanifest)$/i;
/** Below this a compressed copy saves too little to matter. */
export const MIN_BYTES = 1024;

export interface PrecompressResult {
  files: { file: string; bytes: number; brBytes: number; gzBytes: number }[];
}

async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true, recursive: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.join(entry.parentPath, entry.name))
    .sort();
}

/** Write `<file>.br` and `<file>.gz` beside each compressible file of `dir` (recursively) above MIN_BYTES. */
export async function precompressDirectory(dir: string): Promise<PrecompressResult> {
  const candidates = (await listFiles(dir)).filter((file) => COMPRESSIBLE.test(file));
  const files = await Promise.all(
    candidates.map(async (file) => {
      const content = await readFile(file);
      if (content.length < MIN_BYTES) return undefined;
      const [br, gz] = await Promise.all([
        brotli(content, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
          },
        }),
        gzipAsync(content, { level: 9 }),
      ]);
      await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
      return { file: path.relative(dir, file), bytes: content.length, brBytes: br.length, gzBytes: gz.length };
    }),
  );
  return { files: files.filter((entry) => entry !== undefined) };
}

/** Vite plugin: pre-compress the output folder once the bundle is written. */
export function precompressPlugin(): Plugin {
  let outDir = 'dist';
  let log: (message: string) => void = () => {};
  return {
    name: 'jinxi-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
      log = (message) => config.logger.info(message);
    },
    async closeBundle() {
      const started = Date.now();
      const result = await precompressDirectory(outDir);
      log(`pre-compressed ${result.files.length} files (.br, .gz) in ${Date.now() - started} ms`);
    },
  };
}
