import { get, type IncomingHttpHeaders } from 'node:http';

/**
 * A raw HTTP GET: status, headers and the body's bytes as sent. `fetch` would decode a compressed body itself, so the
 * tests and the bench that look at what goes over the wire (Content-Encoding, bytes served) use this instead.
 */
export function rawGet(
  baseUrl: string,
  urlPath: string,
  acceptEncoding?: string,
  cookie?: string,
): Promise<{ status: number; headers: IncomingHttpHeaders; body: Buffer }> {
  return new Promise((resolve, reject) => {
    const request = get(
      `${baseUrl}${urlPath}`,
      {
        headers: {
          ...(acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding }),
          ...(cookie ? { cookie } : {}),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, body: Buffer.concat(chunks) }),
        );
        response.on('error', reject);
      },
    );
    request.on('error', reject);
  });
}
