import http, { type IncomingMessage } from 'node:http';
import https from 'node:https';
import { brotliDecompressSync, gunzipSync, inflateSync } from 'node:zlib';
import { AxiosError, AxiosHeaders, type AxiosAdapter, type AxiosResponse, type InternalAxiosRequestConfig } from 'axios';

/** Largest answer accepted when the config sets no maxContentLength (Midtrans answers are a few kB). */
const DEFAULT_MAX_BYTES = 1024 * 1024;

/**
 * An axios adapter for the calls gerbang makes to Midtrans: small JSON requests over a keep-alive pool.
 * axios's own Node adapter carries proxies, redirects, streams, form data and progress events; for
 * these calls that machinery was about a sixth of a charge's CPU time. This one sends the body axios
 * has already serialized, reads the answer into memory (refusing more than maxContentLength), decodes
 * gzip, deflate and br, and reports failures as AxiosErrors with axios's codes (ECONNABORTED on
 * timeout, ERR_BAD_RESPONSE / ERR_BAD_REQUEST from validateStatus, the socket's code otherwise).
 * Proxies, redirects, `params` and bodies other than strings and Buffers are refused rather than ignored.
 */
export const poolAdapter: AxiosAdapter = (config) =>
  new Promise<AxiosResponse>((resolve, reject) => {
    const url = new URL(fullUrl(config));
    if (config.proxy || (config.maxRedirects ?? 0) > 0 || config.params) {
      reject(
        new AxiosError(
          'poolAdapter takes no proxy, redirects or params: set proxy: false and maxRedirects: 0, put parameters in the URL',
          AxiosError.ERR_BAD_OPTION,
          config,
        ),
      );
      return;
    }
    const body = config.data as unknown;
    if (body !== undefined && body !== null && typeof body !== 'string' && !Buffer.isBuffer(body)) {
      reject(new AxiosError('poolAdapter sends string or Buffer bodies only', AxiosError.ERR_BAD_OPTION, config));
      return;
    }
    const secure = url.protocol === 'https:';
    if (!secure && url.protocol !== 'http:') {
      reject(new AxiosError(`Unsupported protocol ${url.protocol}`, AxiosError.ERR_BAD_REQUEST, config));
      return;
    }
    const headers = AxiosHeaders.from(config.headers).toJSON() as Record<string, string>;
    if (body) headers['Content-Length'] = String(Buffer.byteLength(body));
    const maxBytes = config.maxContentLength !== undefined && config.maxContentLength > -1 ? config.maxContentLength : DEFAULT_MAX_BYTES;

    const request = (secure ? https : http).request(
      url,
      { method: (config.method ?? 'get').toUpperCase(), headers, agent: (secure ? config.httpsAgent : config.httpAgent) as http.Agent | undefined },
      (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > maxBytes) {
            request.destroy(new AxiosError(`maxContentLength size of ${maxBytes} exceeded`, AxiosError.ERR_BAD_RESPONSE, config, request));
            return;
          }
          chunks.push(chunk);
        });
        res.on('error', (error) => fail(error));
        res.on('end', () => {
          let data: string;
          try {
            data = decode(res, Buffer.concat(chunks, size)).toString('utf8');
          } catch (error) {
            fail(error as Error);
            return;
          }
          const response: AxiosResponse = { data, status: res.statusCode!, statusText: res.statusMessage ?? '', headers: res.headers, config, request };
          if (!config.validateStatus || config.validateStatus(response.status)) {
            resolve(response);
            return;
          }
          const code = response.status >= 500 ? AxiosError.ERR_BAD_RESPONSE : AxiosError.ERR_BAD_REQUEST;
          reject(new AxiosError(`Request failed with status code ${response.status}`, code, config, request, response));
        });
      },
    );
    const fail = (error: Error) => reject(error instanceof AxiosError ? error : AxiosError.from(error, (error as { code?: string }).code, config, request));
    request.on('error', fail);
    if (config.timeout) {
      request.setTimeout(config.timeout, () => {
        request.destroy(new AxiosError(`timeout of ${config.timeout}ms exceeded`, AxiosError.ECONNABORTED, config, request));
      });
    }
    if (config.signal) {
      const signal = config.signal as AbortSignal;
      const abort = () => request.destroy(new AxiosError('canceled', AxiosError.ERR_CANCELED, config, request));
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    }
    request.end(body ?? undefined);
  });

function fullUrl(config: InternalAxiosRequestConfig): string {
  const path = config.url ?? '';
  if (/^https?:\/\//i.test(path) || !config.baseURL) return path;
  return `${config.baseURL.replace(/\/+$/, '')}/${path.replace(/^\/+/, '')}`;
}

function decode(res: IncomingMessage, raw: Buffer): Buffer {
  switch (String(res.headers['content-encoding'] ?? '').toLowerCase()) {
    case 'gzip':
    case 'x-gzip':
      return gunzipSync(raw);
    case 'deflate':
      return inflateSync(raw);
    case 'br':
      return brotliDecompressSync(raw);
    default:
      return raw;
  }
}
