const DOT = 46;
const COMMA = 44;
const QUOTE = 34;
const SPACE = 32;

// Field parsers for the general (not hot) path; fields may be padded with spaces or double quotes.

/** A non-negative integer id below 2^31, or the reason it is not one. */
export function parseId(b: Uint8Array, s: number, e: number, what: string): number | string {
  while (s < e && isPad(b[s])) s++;
  while (e > s && isPad(b[e - 1])) e--;
  if (s === e) return `${what} id is missing`;
  let v = 0;
  for (let k = s; k < e; k++) {
    const c = b[k] - 48;
    if (c < 0 || c > 9) {
      const t = excerpt(b, s, e);
      return /^-\d+$/.test(t) ? `${what} id ${t} is negative` : `${what} id "${t}" is not a whole number`;
    }
    v = v * 10 + c;
  }
  return v > 0x7fffffff ? `${what} id ${excerpt(b, s, e)} is too large (ids must be below 2^31)` : v;
}

/** Parses "4", "3.5", " 4.0 ", "\"5\"" from bytes (also "3,5" with `decimalComma`); NaN for anything else. */
export function parseDecimal(b: Uint8Array, s: number, e: number, decimalComma = false): number {
  const mark = decimalComma ? COMMA : DOT;
  while (s < e && isPad(b[s])) s++;
  while (e > s && isPad(b[e - 1])) e--;
  const negative = s < e && b[s] === 45;
  if (negative) s++;
  let whole = 0;
  let k = s;
  for (; k < e && b[k] !== DOT && b[k] !== mark; k++) {
    const c = b[k] - 48;
    if (c < 0 || c > 9) return NaN;
    whole = whole * 10 + c;
  }
  const digits = k - s;
  let frac = 0;
  let scale = 1;
  if (k < e) {
    if (k + 1 === e) return NaN;
    for (k++; k < e; k++) {
      const c = b[k] - 48;
      if (c < 0 || c > 9) return NaN;
      frac = frac * 10 + c;
      scale *= 10;
    }
  }
  if (digits === 0 && scale === 1) return NaN;
  const v = whole + frac / scale;
  return negative ? -v : v;
}

const isPad = (c: number) => c === SPACE || c === QUOTE;

/** Only spaces and tabs. */
export function isBlank(b: Uint8Array, s: number, e: number): boolean {
  for (let k = s; k < e; k++) if (b[k] !== SPACE && b[k] !== 9) return false;
  return true;
}

/** Up to 40 bytes as text, for messages. */
export function excerpt(b: Uint8Array, s: number, e: number): string {
  return new TextDecoder().decode(b.subarray(s, Math.min(e, s + 40)));
}
