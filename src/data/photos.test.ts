import { afterEach, describe, expect, it, vi } from 'vitest';
import { sendInParts, UPLOAD_PART_BYTES } from './photos';

/**
 * The phone's side of an upload in parts (docs/field.md) against a stand-in server that keeps the bytes and the
 * offset like /api/uploads: a dropped link resumes from the server's offset, a part the server already has is not
 * sent twice.
 */
function fakeServer() {
  const state = { id: 'a'.repeat(32), bytes: 0, received: new Uint8Array(0), offset: 0, puts: [] as string[] };
  const json = (body: unknown, status = 200) =>
    new Response(JSON.stringify(body), {
      status,
      headers: { 'Content-Type': status < 300 ? 'application/json' : 'application/problem+json' },
    });
  const answer = () => json({ id: state.id, bytes: state.bytes, offset: state.offset });
  /** Hooks a test sets: drop the link after storing a part, or answer 409 once. */
  const faults = { dropAfterStoring: -1, staleGet: false };
  const fetch = vi.fn(async (url: string, init: RequestInit = {}) => {
    const method = init.method ?? 'GET';
    if (method === 'POST' && url === '/api/uploads') {
      state.bytes = (JSON.parse(String(init.body)) as { bytes: number }).bytes;
      state.received = new Uint8Array(state.bytes);
      return json({ id: state.id, bytes: state.bytes, offset: 0 }, 201);
    }
    if (method === 'GET') return faults.staleGet ? json({ id: state.id, bytes: state.bytes, offset: 0 }) : answer();
    const range = new Headers(init.headers).get('Content-Range')!;
    state.puts.push(range);
    const [first] = /bytes (\d+)-/.exec(range)!.slice(1).map(Number) as [number];
    if (first !== state.offset)
      return json({ type: 'about:blank', title: 'Conflict', status: 409, offset: state.offset }, 409);
    const bytes = new Uint8Array(await (init.body as Blob).arrayBuffer());
    state.received.set(bytes, first);
    state.offset += bytes.length;
    if (first === faults.dropAfterStoring) {
      faults.dropAfterStoring = -1;
      throw new TypeError('Failed to fetch');
    }
    return answer();
  });
  return { state, faults, fetch };
}

afterEach(() => vi.unstubAllGlobals());

describe('sending a photo in parts', () => {
  it('resumes after a dropped link from the offset the server reports, sending only the rest', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
    const file = new Uint8Array(UPLOAD_PART_BYTES * 2 + 1234).map((_, index) => index % 251);
    // The answer to the second part is lost: the server has it, the phone does not know.
    server.faults.dropAfterStoring = UPLOAD_PART_BYTES;
    let opened: string | null = null;
    await expect(
      sendInParts(new Blob([file]), 'a.jpg', null, async (id) => {
        opened = id;
      }),
    ).rejects.toThrow();
    expect(opened).toBe(server.state.id);
    const progress: number[] = [];
    const id = await sendInParts(
      new Blob([file]),
      'a.jpg',
      opened,
      async () => undefined,
      (share) => progress.push(share),
    );
    expect(id).toBe(server.state.id);
    expect(server.state.puts).toEqual([
      `bytes 0-${UPLOAD_PART_BYTES - 1}/${file.length}`,
      `bytes ${UPLOAD_PART_BYTES}-${2 * UPLOAD_PART_BYTES - 1}/${file.length}`,
      `bytes ${2 * UPLOAD_PART_BYTES}-${file.length - 1}/${file.length}`,
    ]);
    expect(progress).toEqual([1]);
    expect(server.state.received).toEqual(file);
  });

  it('goes on from the offset a 409 names when it sent a part the server already has', async () => {
    const server = fakeServer();
    vi.stubGlobal('fetch', server.fetch);
    const file = new Uint8Array(UPLOAD_PART_BYTES + 10).map((_, index) => index % 13);
    server.faults.dropAfterStoring = 0;
    let opened: string | null = null;
    await expect(sendInParts(new Blob([file]), 'a.jpg', null, async (id) => void (opened = id))).rejects.toThrow();
    // The phone is told a stale offset (0): its first part is refused with the server's offset, and it goes on.
    server.faults.staleGet = true;
    await sendInParts(new Blob([file]), 'a.jpg', opened, async () => undefined);
    expect(server.state.puts).toEqual([
      `bytes 0-${UPLOAD_PART_BYTES - 1}/${file.length}`,
      `bytes 0-${UPLOAD_PART_BYTES - 1}/${file.length}`,
      `bytes ${UPLOAD_PART_BYTES}-${file.length - 1}/${file.length}`,
    ]);
    expect(server.state.received).toEqual(file);
  });
});
