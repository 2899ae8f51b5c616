// What a file that is not a ratings text is, told truthfully from its first bytes.

export const UTF16_MESSAGE = 'this is UTF-16 text: save it as UTF-8 first (a spreadsheet\'s "CSV UTF-8", a text editor\'s UTF-8 encoding)';
export const BINARY_MESSAGE = 'this is a binary file, not text';
export const JSON_MESSAGE = 'JSON is not read: export CSV or TSV with user, item and rating columns';

/** Bytes of the file's start that decide whether NUL bytes mean UTF-16. */
export const UTF16_PROBE_BYTES = 1024;

/**
 * UTF-16 text: a byte-order mark (FF FE or FE FF), or, in the first KB, every other byte 0 and none
 * of the bytes between (ASCII text in UTF-16 LE or BE).
 */
export function isUtf16(head: Uint8Array): boolean {
  if (head.length >= 2 && ((head[0] === 0xff && head[1] === 0xfe) || (head[0] === 0xfe && head[1] === 0xff))) return true;
  const n = Math.min(head.length, UTF16_PROBE_BYTES) & ~1;
  if (n < 2) return false;
  const zeros = [0, 0];
  for (let k = 0; k < n; k++) if (head[k] === 0) zeros[k & 1]++;
  const half = n / 2;
  return (zeros[0] === half && zeros[1] === 0) || (zeros[1] === half && zeros[0] === 0);
}

/** The message for a file with NUL bytes in its first bytes `head`. */
export function nulMessage(head: Uint8Array): string {
  return isUtf16(head) ? UTF16_MESSAGE : `${BINARY_MESSAGE} (it has NUL bytes)`;
}

const isSpace = (c: number) => c === 32 || c === 9 || c === 10 || c === 13;

/**
 * The first byte that is not white space (after a UTF-8 byte-order mark) from `at`, or -1; a text
 * starting with '[' or '{' is JSON.
 */
export function firstNonSpace(b: Uint8Array, at = 0): number {
  if (at === 0 && b[0] === 0xef && b[1] === 0xbb && b[2] === 0xbf) at = 3;
  for (let k = at; k < b.length; k++) if (!isSpace(b[k])) return b[k];
  return -1;
}

export const isJsonStart = (c: number) => c === 0x5b || c === 0x7b;
