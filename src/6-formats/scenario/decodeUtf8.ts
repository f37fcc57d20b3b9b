import { InputError, located } from '../InputError.js';

/**
 * Index of the first byte that is not part of well-formed UTF-8 (no
 * overlongs, no surrogates, nothing above U+10FFFF), or -1.
 */
export function invalidUtf8Offset(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i]!;
    if (b < 0x80) {
      i++;
      continue;
    }
    let need: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) need = 1;
    else if (b >= 0xe0 && b <= 0xef) {
      need = 2;
      if (b === 0xe0) lo = 0xa0;
      if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      need = 3;
      if (b === 0xf0) lo = 0x90;
      if (b === 0xf4) hi = 0x8f;
    } else return i;
    for (let k = 1; k <= need; k++) {
      const c = bytes[i + k];
      if (c === undefined || c < (k === 1 ? lo : 0x80) || c > (k === 1 ? hi : 0xbf)) return i;
    }
    i += need + 1;
  }
  return -1;
}

/**
 * The text of a file's bytes, or an InputError pointing at the first byte
 * that is not UTF-8 (a binary file, or a Latin-1 one).
 */
export function decodeUtf8(bytes: Uint8Array, file: string): string {
  const bad = invalidUtf8Offset(bytes);
  if (bad !== -1) {
    const lineStart = bad === 0 ? 0 : bytes.lastIndexOf(0x0a, bad - 1) + 1;
    const line = bytes.subarray(0, lineStart).reduce((n, b) => (b === 0x0a ? n + 1 : n), 1);
    const col = new TextDecoder().decode(bytes.subarray(lineStart, bad)).length + 1;
    const hex = bytes[bad]!.toString(16).padStart(2, '0');
    throw new InputError(located(file, line, col, `byte 0x${hex} is not UTF-8, so the file looks binary or in another encoding; expected a UTF-8 text file`));
  }
  return new TextDecoder('utf-8').decode(bytes);
}
