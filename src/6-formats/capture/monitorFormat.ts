/**
 * Writing MONITOR lines: the inverse of parseMonitorLine. Redis builds each
 * line with `sdscatrepr`, and redis-cli prints it as is.
 */

/** `sdscatrepr` of a string's UTF-8 bytes, quotes included. */
export function reprArg(value: string): string {
  if (/^[\x20-\x21\x23-\x5b\x5d-\x7e]*$/.test(value)) return `"${value}"`;
  let out = '"';
  for (const b of Buffer.from(value, 'utf8')) {
    switch (b) {
      case 0x22:
        out += '\\"';
        break;
      case 0x5c:
        out += '\\\\';
        break;
      case 0x0a:
        out += '\\n';
        break;
      case 0x0d:
        out += '\\r';
        break;
      case 0x09:
        out += '\\t';
        break;
      case 0x07:
        out += '\\a';
        break;
      case 0x08:
        out += '\\b';
        break;
      default:
        out += b >= 0x20 && b <= 0x7e ? String.fromCharCode(b) : `\\x${b.toString(16).padStart(2, '0')}`;
    }
  }
  return out + '"';
}

/** MONITOR's `%ld.%06ld` timestamp of epoch seconds `t`. */
export function formatMonitorTime(t: number): string {
  const us = Math.round(t * 1e6);
  const s = Math.floor(us / 1e6);
  return `${s}.${String(us - s * 1e6).padStart(6, '0')}`;
}

/** One MONITOR line (without its newline) as redis-cli prints it. */
export function formatMonitorLine(t: number, db: number, addr: string, args: readonly string[]): string {
  return `${formatMonitorTime(t)} [${db} ${addr}] ${args.map(reprArg).join(' ')}`;
}
