import { expect } from 'vitest';
import type { TestServer } from './test-server';

/**
 * Send `send` while polling the server's `/api/health` one request after another: its answer, the slowest health
 * answer and how many came back. The tests of work kept off the event loop (exports, detailed shapes) use it: one
 * slow health answer means the loop was held. `pauseMs` is the pause between two health requests.
 */
export async function whilePollingHealth<T = Response>(
  server: Pick<TestServer, 'request'>,
  send: () => Promise<T>,
  pauseMs = 10,
) {
  let done = false;
  const sending = send().finally(() => {
    done = true;
  });
  const answers: number[] = [];
  while (!done) {
    const from = performance.now();
    const health = await server.request('/api/health');
    expect(health.status).toBe(200);
    answers.push(performance.now() - from);
    await new Promise((resolve) => setTimeout(resolve, pauseMs));
  }
  return { response: await sending, slowest: Math.max(...answers), answers: answers.length };
}
