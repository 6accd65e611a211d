// An open-loop load generator: requests leave at a fixed rate whatever the answers' speed, and each
// one's latency counts from when it was due to leave, so a server that falls behind is seen to
// (no coordinated omission, unlike a closed loop that waits for answers before sending more).
import http from 'node:http';

export interface OpenLoopRequest {
  url: string;
  method: string;
  path: string;
  headers: Record<string, string>;
  /** The body of the next request, if any. */
  body?: () => string;
}

export interface OpenLoopResult {
  sent: number;
  ok: number;
  failed: number;
  /** Latencies in ms, from when each request was due. */
  p50: number;
  p99: number;
}

/** Sends `rate` requests per second for `seconds` and waits for every answer. */
export async function openLoop(request: OpenLoopRequest, rate: number, seconds: number): Promise<OpenLoopResult> {
  const target = new URL(request.url);
  const agent = new http.Agent({ keepAlive: true, maxSockets: Infinity });
  const latencies: number[] = [];
  let ok = 0;
  let failed = 0;
  const total = Math.round(rate * seconds);
  const start = performance.now();
  const pending: Promise<void>[] = [];
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const body = request.body?.();
      const req = http.request(
        {
          host: target.hostname,
          port: target.port,
          method: request.method,
          path: request.path,
          agent,
          headers: { ...request.headers, ...(body ? { 'content-length': Buffer.byteLength(body) } : {}) },
        },
        (res) => {
          res.resume();
          res.on('end', () => {
            latencies.push(performance.now() - due);
            if (res.statusCode! < 400) ok += 1;
            else failed += 1;
            resolve();
          });
        },
      );
      req.on('error', () => {
        failed += 1;
        resolve();
      });
      req.end(body);
    });
  for (let i = 0; i < total; i += 1) {
    const due = start + (i * 1000) / rate;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    pending.push(send(due));
  }
  await Promise.all(pending);
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? 0;
  return { sent: total, ok, failed, p50: at(0.5), p99: at(0.99) };
}
