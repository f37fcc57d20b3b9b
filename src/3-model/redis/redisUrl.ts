/**
 * The `--redis URL` of a run: checked once, up front, and never printed
 * with its password.
 */

/** A `--redis` URL that cannot be used as given (bad scheme, bad db index). */
export class RedisUrlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RedisUrlError';
  }
}

/** What a run needs from its URL: the URL without the db (for the client) and the db to SELECT. */
export interface RedisTarget {
  /** The URL with its path removed: the client connects to db 0 and SELECTs `db` itself. */
  readonly serverUrl: string;
  readonly db: number;
}

/** Highest db index accepted before asking the server (Redis's `databases` is an int). */
const DB_INDEX_MAX = 2 ** 31 - 1;

/**
 * The URL with any password replaced by `***` (WHATWG URL parsing, so a
 * password holding `@`, `/` or `:` is still hidden). The one redaction used
 * wherever a URL reaches the terminal or a report.
 */
export function redactRedisUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    // Not a URL: hide everything between the scheme and the last '@' if it looks like credentials.
    const at = url.lastIndexOf('@');
    const scheme = url.indexOf('//');
    return at > scheme && scheme >= 0 ? `${url.slice(0, scheme + 2)}***${url.slice(at)}` : url;
  }
  if (parsed.password !== '') parsed.password = '***';
  return parsed.href;
}

/** Reads the scheme and db index of a `--redis` URL; throws RedisUrlError with the reason. */
export function parseRedisUrl(url: string): RedisTarget {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new RedisUrlError('is not a URL; expected redis://[user:pass@]host[:port][/db]');
  }
  if (parsed.protocol !== 'redis:' && parsed.protocol !== 'rediss:') {
    throw new RedisUrlError(`takes a redis:// or rediss:// URL, not ${parsed.protocol}//`);
  }
  if (parsed.hostname === '') throw new RedisUrlError('has no host; expected redis://host[:port][/db]');
  const path = parsed.pathname;
  let db = 0;
  if (path !== '' && path !== '/') {
    const text = path.slice(1);
    if (!/^\d{1,10}$/.test(text) || Number(text) > DB_INDEX_MAX) {
      throw new RedisUrlError(`has db '${decodeURIComponent(text)}'; expected a db index 0, 1, 2 … after the host (redis://host:6379/15)`);
    }
    db = Number(text);
  }
  if (parsed.searchParams.has('db')) throw new RedisUrlError('gives the db as ?db=; put it in the path instead (redis://host:6379/15)');
  const server = new URL(parsed.href);
  server.pathname = '';
  return { serverUrl: server.href, db };
}
