/**
 * npm scripts that each keep about one core busy, side by side: `npm test`'s checks (`tsx scripts/run-parallel.ts lint
 * format:check typecheck`) and its two builds (`npm run builds`: the app and the test build). On 2 cores that takes
 * about the time of the slowest instead of the sum. Prints each one's output in one piece when it ends, then its time,
 * and exits 1 when any failed.
 */
import { spawn } from 'node:child_process';

interface Finished {
  script: string;
  code: number | null;
  output: string;
  seconds: number;
}

function runScript(script: string): Promise<Finished> {
  const started = Date.now();
  return new Promise((resolve) => {
    const child = spawn('npm', ['run', '--silent', script], { stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
    child.once('close', (code) => resolve({ script, code, output, seconds: (Date.now() - started) / 1000 }));
  });
}

const scripts = process.argv.slice(2);
if (scripts.length === 0) {
  console.error('usage: tsx scripts/run-parallel.ts SCRIPT…');
  process.exit(2);
}
const results = await Promise.all(
  scripts.map((script) =>
    runScript(script).then((result) => {
      const verdict = result.code === 0 ? 'ok' : `FAILED (exit ${result.code})`;
      process.stdout.write(
        `\n> npm run ${script}\n${result.output}${result.output.endsWith('\n') || !result.output ? '' : '\n'}` +
          `${script}: ${verdict} in ${result.seconds.toFixed(1)} s\n`,
      );
      return result;
    }),
  ),
);
const failed = results.filter((result) => result.code !== 0).map((result) => result.script);
if (failed.length > 0) {
  console.error(`\nfailed: ${failed.join(', ')}`);
  process.exit(1);
}
