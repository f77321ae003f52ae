/**
 * The HTTP client providers share: global fetch with a per-request timeout
 * (`AbortSignal.timeout`, covering headers and body), a body size cap, and the status codes every
 * provider treats alike (429, 5xx, network failures) turned into named errors. URLs are never put
 * in messages: a keyed provider's carries its API key.
 */
import {
  ProviderRejectedError,
  ProviderResponseError,
  ProviderThrottledError,
  ProviderUnavailableError,
} from '../errors.ts';

export type HttpOptions = {
  timeoutMs: number;
  /** A 429 whose Retry-After is at most this many seconds is waited out here. */
  maxRetryAfterSeconds: number;
  /** How many 429s in a row are waited out before giving up. @default 2 */
  throttleRetries?: number;
  /** @default 32 MiB */
  maxBodyBytes?: number;
  /** @default globalThis.fetch */
  fetch?: typeof fetch;
  /** Injected so tests do not sleep. */
  sleep: (ms: number) => Promise<void>;
  now: () => number;
};

export type HttpResponse = { status: number; contentType: string; text: string };

/** Who is asking, for messages: `yahoo` / `AAPL`. */
export type RequestLabel = { provider: string; ticker: string };

export type HttpClient = { get: (url: URL, label: RequestLabel) => Promise<HttpResponse> };

const USER_AGENT = 'Mozilla/5.0 (compatible; market-pipeline/0.1)';

export function createHttpClient(options: HttpOptions): HttpClient {
  const fetchFn = options.fetch ?? globalThis.fetch;
  const throttleRetries = options.throttleRetries ?? 2;
  const maxBodyBytes = options.maxBodyBytes ?? 32 * 2 ** 20;

  const get = async (url: URL, label: RequestLabel): Promise<HttpResponse> => {
    const what = `${label.provider} request for ${label.ticker}`;
    for (let attempt = 0; ; attempt++) {
      const signal = AbortSignal.timeout(options.timeoutMs);
      let res: Response;
      try {
        res = await fetchFn(url, {
          signal,
          headers: { accept: 'application/json', 'user-agent': USER_AGENT },
        });
      } catch (error) {
        throw networkError(error, what, options.timeoutMs);
      }
      if (res.status === 429) {
        await res.body?.cancel().catch(() => undefined);
        const after = parseRetryAfter(res.headers.get('retry-after'), options.now());
        if (
          after !== undefined &&
          after <= options.maxRetryAfterSeconds &&
          attempt < throttleRetries
        ) {
          await options.sleep(after * 1000);
          continue;
        }
        throw new ProviderThrottledError(
          `${what} was throttled (HTTP 429, Retry-After ${after === undefined ? 'absent' : `${after} s`})`,
          { retryAfterSeconds: after },
        );
      }
      if (res.status >= 500) {
        await res.body?.cancel().catch(() => undefined);
        throw new ProviderUnavailableError(`${what} failed with HTTP ${res.status}`);
      }
      let text: string;
      try {
        text = await readText(res, maxBodyBytes, what);
      } catch (error) {
        if (error instanceof ProviderResponseError) throw error;
        throw networkError(error, what, options.timeoutMs);
      }
      return { status: res.status, contentType: res.headers.get('content-type') ?? '', text };
    }
  };
  return { get };
}

async function readText(res: Response, maxBytes: number, what: string): Promise<string> {
  const declared = Number(res.headers.get('content-length') ?? '0');
  if (declared > maxBytes) {
    await res.body?.cancel().catch(() => undefined);
    throw new ProviderResponseError(`${what}: response of ${declared} bytes exceeds ${maxBytes}`);
  }
  if (!res.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of res.body) {
    size += chunk.byteLength;
    if (size > maxBytes) {
      throw new ProviderResponseError(`${what}: response exceeds ${maxBytes} bytes`);
    }
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** Timeouts, refused and dropped connections: all worth retrying later. */
function networkError(error: unknown, what: string, timeoutMs: number): ProviderUnavailableError {
  const name = error instanceof Error ? error.name : '';
  if (name === 'TimeoutError' || name === 'AbortError') {
    return new ProviderUnavailableError(`${what} timed out after ${timeoutMs} ms`, {
      cause: error,
    });
  }
  // undici reports 'fetch failed' with the socket error (ECONNREFUSED, ...) as its cause.
  const cause =
    error instanceof Error
      ? (error.cause as { code?: string; message?: string } | undefined)
      : undefined;
  const detail =
    cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return new ProviderUnavailableError(`${what} failed: ${detail}`, { cause: error });
}

/** Retry-After in seconds: delta-seconds or an HTTP date (RFC 9110 §10.2.3); undefined if absent or unreadable. */
export function parseRetryAfter(value: string | null, nowMs: number): number | undefined {
  if (value === null) return undefined;
  const trimmed = value.trim();
  if (/^\d+$/.test(trimmed)) return Number(trimmed);
  const at = Date.parse(trimmed);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, Math.ceil((at - nowMs) / 1000));
}

/** An HTML page (a consent wall, a CDN error) where JSON was expected. */
export function looksLikeHtml(contentType: string, text: string): boolean {
  return /text\/html/i.test(contentType) || /^\s*<(!doctype|html|head|body|\?xml)/i.test(text);
}

/**
 * Throws when a JSON API answered with an HTML page: a rejection when the status is an error
 * (an error page), otherwise a bad response. `what` names the response in the message.
 */
export function refuseHtml(res: HttpResponse, what: string): void {
  if (!looksLikeHtml(res.contentType, res.text)) return;
  if (res.status >= 400) throw new ProviderRejectedError(`${what} is an HTML error page`);
  throw new ProviderResponseError(`${what} is an HTML page, not JSON`);
}

/** The body parsed as JSON; malformed or truncated text is a ProviderResponseError. */
export function parseJsonBody(res: HttpResponse, what: string): unknown {
  try {
    return JSON.parse(res.text);
  } catch (cause) {
    throw new ProviderResponseError(
      `${what} is malformed or truncated JSON (${res.text.length} characters)`,
      { cause },
    );
  }
}
