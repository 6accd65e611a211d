import http from 'node:http';

export interface RawAnswer {
  status: number;
  body: any;
  text: string;
}

/**
 * One HTTP request exactly as given: the path is sent without normalisation, headers and body bytes
 * as they are (fetch would fix some of them up). Fails after `timeoutMs` rather than hang.
 */
export function rawRequest(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: Buffer | string; timeoutMs?: number },
): Promise<RawAnswer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: url.hostname, port: url.port, method: options.method ?? 'GET', path: options.path, headers: options.headers, agent: false },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // not JSON
          }
          resolve({ status: res.statusCode ?? 0, body, text });
        });
      },
    );
    request.setTimeout(options.timeoutMs ?? 10_000, () =>
      request.destroy(new Error(`no answer within ${options.timeoutMs ?? 10_000} ms: ${options.method ?? 'GET'} ${options.path.slice(0, 80)}`)),
    );
    request.on('error', (error) =>
      reject(new Error(`${error.message}: ${options.method ?? 'GET'} ${options.path.slice(0, 80)} (${String(options.body?.length ?? 0)} bytes)`)),
    );
    request.end(options.body);
  });
}

/** JSON nested `depth` levels deep: {"a":{"a":…}}. */
export function deepJson(depth: number, leaf = '1'): string {
  return '{"a":'.repeat(depth) + leaf + '}'.repeat(depth);
}
