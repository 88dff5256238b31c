/**
 * P1: the map page's initial JavaScript (gzip) must stay within the budget in size-budget.json.
 * Growth past the recorded baseline + slack fails too: raise the baseline in the same commit that
 * explains the growth.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { measureInitialJavaScript } from './initial-js';

const root = fileURLToPath(new URL('../', import.meta.url));
const budget = JSON.parse(readFileSync(new URL('./size-budget.json', import.meta.url), 'utf8')) as {
  maxInitialGzipKiB: number;
  baselineInitialGzipKiB: number;
  allowedGrowthPercent: number;
};
const result = measureInitialJavaScript(`${root}dist`);
const kib = (bytes: number) => bytes / 1024;
for (const file of result.files) {
  console.log(
    `${file.file.padEnd(48)} ${kib(file.bytes).toFixed(1).padStart(8)} KiB  gzip ${kib(file.gzipBytes).toFixed(1).padStart(7)} KiB`,
  );
}
const total = kib(result.totalGzipBytes);
const growthLimit = budget.baselineInitialGzipKiB * (1 + budget.allowedGrowthPercent / 100);
console.log(
  `initial JavaScript: ${total.toFixed(1)} KiB gzip (budget ${budget.maxInitialGzipKiB} KiB, baseline ${budget.baselineInitialGzipKiB} KiB + ${budget.allowedGrowthPercent}%)`,
);
if (result.files.some((file) => /deck|luma/i.test(file.file))) {
  console.error('deck.gl is in the initial bundle: it must load lazily');
  process.exit(1);
}
if (total > budget.maxInitialGzipKiB) {
  console.error(`over the P1 budget of ${budget.maxInitialGzipKiB} KiB`);
  process.exit(1);
}
if (total > growthLimit) {
  console.error(`grew past the baseline (${growthLimit.toFixed(1)} KiB): explain the growth and raise the baseline`);
  process.exit(1);
}
