import { detectLayout, type Layout } from './columns';
import type { RatingsBuilder } from './ratings-builder';
import type { ParseError } from './types';

/** Ratings outside (0, 10] are refused: 0 means "unobserved" to AutoRec, and no MovieLens scale exceeds 10. */
export const MAX_RATING = 10;

const CR = 13;
const LF = 10;

/**
 * Streaming byte-level parser of delimited ratings text. Feed chunks with push(); lines may span
 * chunks. Digits are parsed straight from the bytes; no string is made per line.
 */
export class TextRatingsParser {
  layout?: Layout;
  line = 0;
  error?: ParseError;
  /** Line number of the first rating and of every rating that follows a skipped line. */
  readonly lineMarks: [number, number][] = [];
  private carry: Uint8Array = new Uint8Array(0);
  private skippedSinceLast = true;
  private first = true;
  private readonly fieldStart = new Int32Array(64);
  private readonly fieldEnd = new Int32Array(64);

  constructor(
    private readonly out: RatingsBuilder,
    private readonly source: string,
    /** Total size of the text when known: capacity is reserved from it and the first lines' length. */
    private readonly totalBytes = 0,
  ) {}

  push(chunk: Uint8Array): boolean {
    if (this.error) return false;
    let start = 0;
    if (this.carry.length > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) {
        this.carry = concat(this.carry, chunk);
        return true;
      }
      const joined = concat(this.carry, chunk.subarray(0, nl));
      this.carry = new Uint8Array(0);
      if (!this.lineOf(joined, 0, joined.length)) return false;
      start = nl + 1;
    }
    const first = this.out.length === 0 && this.totalBytes > 0 ? start : -1;
    for (;;) {
      const nl = chunk.indexOf(LF, start);
      if (nl < 0) break;
      if (!this.lineOf(chunk, start, nl)) return false;
      start = nl + 1;
    }
    if (first >= 0 && this.out.length > 100) {
      this.out.reserve(Math.ceil((1.2 * this.totalBytes * this.out.length) / (start - first)));
    }
    if (start < chunk.length) this.carry = chunk.slice(start);
    return true;
  }

  /** Flushes a last line without newline. */
  end(): boolean {
    if (this.error) return false;
    if (this.carry.length > 0) {
      const last = this.carry;
      this.carry = new Uint8Array(0);
      return this.lineOf(last, 0, last.length);
    }
    return true;
  }

  private fail(message: string): false {
    this.error = { message, line: this.line, source: this.source };
    return false;
  }

  private failId(message: string): -1 {
    this.fail(message);
    return -1;
  }

  private lineOf(b: Uint8Array, s: number, e: number): boolean {
    this.line++;
    if (this.first) {
      this.first = false;
      if (e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) s += 3;
      for (let k = s; k < Math.min(e, s + 4096); k++) {
        if (b[k] === 0) return this.fail('this is a binary file, not a ratings text file (it contains NUL bytes)');
      }
    }
    if (e > s && b[e - 1] === CR) e--;
    if (e === s) {
      this.skippedSinceLast = true;
      return true;
    }
    if (!this.layout) {
      const text = new TextDecoder('utf-8', { fatal: false }).decode(b.subarray(s, e));
      if (/[\u0000-\u0008\u000e-\u001f\ufffd]/.test(text)) return this.fail('this is not a text ratings file (unreadable bytes)');
      const detected = detectLayout(text);
      if (!detected.ok) return this.fail(detected.reason);
      this.layout = detected.layout;
      if (detected.layout.hasHeader) {
        this.skippedSinceLast = true;
        return true;
      }
    }
    return this.record(b, s, e, this.layout);
  }

  private record(b: Uint8Array, s: number, e: number, L: Layout): boolean {
    if (L.user === 0 && L.item === 1 && L.rating === 2 && this.fast(b, s, e, L.delimiter[0], L.delimiter.length)) return true;
    return this.general(b, s, e, L);
  }

  /**
   * The hot path for `user<d>item<d>rating[<d>...]` lines of plain digits: one pass, stops after the
   * rating. Returns false without side effects on anything unusual; general() then parses the line
   * again and names the problem.
   */
  private fast(b: Uint8Array, s: number, e: number, d: number, dLen: number): boolean {
    let k = s;
    let user = 0;
    let c = 0;
    while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
      user = user * 10 + c;
      k++;
    }
    if (k === s || k >= e || b[k] !== d || user > 0x7fffffff) return false;
    k += dLen;
    const i0 = k;
    let item = 0;
    while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
      item = item * 10 + c;
      k++;
    }
    if (k === i0 || k >= e || b[k] !== d || item > 0x7fffffff) return false;
    k += dLen;
    const r0 = k;
    let rating = 0;
    while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
      rating = rating * 10 + c;
      k++;
    }
    if (k === r0) return false;
    if (k < e && b[k] === 46) {
      k++;
      let scale = 0.1;
      const f0 = k;
      while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
        rating += c * scale;
        scale *= 0.1;
        k++;
      }
      if (k === f0) return false;
    }
    if ((k < e && b[k] !== d) || !(rating > 0 && rating <= MAX_RATING)) return false;
    if (this.skippedSinceLast) {
      this.lineMarks.push([this.out.length, this.line]);
      this.skippedSinceLast = false;
    }
    this.out.add(user, item, rating);
    return true;
  }

  private general(b: Uint8Array, s: number, e: number, L: Layout): boolean {
    const d0 = L.delimiter[0];
    const two = L.delimiter.length === 2;
    let n = 0;
    this.fieldStart[0] = s;
    for (let k = s; k < e && n < 63; k++) {
      if (b[k] === d0 && (!two || b[k + 1] === d0)) {
        this.fieldEnd[n] = k;
        n++;
        k += two ? 1 : 0;
        this.fieldStart[n] = k + 1;
      }
    }
    this.fieldEnd[n] = e;
    n++;
    if (n < L.minFields) {
      return this.fail(`${n} field(s) where ${L.minFields} were expected (user, item, rating): wrong delimiter or a truncated line?`);
    }
    const user = this.id(b, L.user, 'user');
    if (user < 0) return false;
    const item = this.id(b, L.item, 'item');
    if (item < 0) return false;
    const rating = parseDecimal(b, this.fieldStart[L.rating], this.fieldEnd[L.rating]);
    if (Number.isNaN(rating)) {
      return this.fail(`rating "${text(b, this.fieldStart[L.rating], this.fieldEnd[L.rating])}" is not a number`);
    }
    if (!(rating > 0 && rating <= MAX_RATING)) return this.fail(`rating ${rating} is out of range: ratings must be above 0 and at most ${MAX_RATING}`);
    if (this.skippedSinceLast) {
      this.lineMarks.push([this.out.length, this.line]);
      this.skippedSinceLast = false;
    }
    this.out.add(user, item, rating);
    return true;
  }

  /** A non-negative integer id, or -1 after recording why not. */
  private id(b: Uint8Array, field: number, what: string): number {
    let s = this.fieldStart[field];
    let e = this.fieldEnd[field];
    while (s < e && (b[s] === 32 || b[s] === 34)) s++;
    while (e > s && (b[e - 1] === 32 || b[e - 1] === 34)) e--;
    if (s === e) return this.failId(`${what} id is missing`);
    let v = 0;
    for (let k = s; k < e; k++) {
      const c = b[k] - 48;
      if (c < 0 || c > 9) {
        const t = text(b, s, e);
        return this.failId(/^-\d+$/.test(t) ? `${what} id ${t} is negative` : `${what} id "${t}" is not a whole number`);
      }
      v = v * 10 + c;
    }
    if (v > 0x7fffffff) return this.failId(`${what} id ${text(b, s, e)} is too large`);
    return v;
  }
}

/** Parses "4", "3.5", " 4.0 " from bytes; NaN for anything else. */
export function parseDecimal(b: Uint8Array, s: number, e: number): number {
  while (s < e && (b[s] === 32 || b[s] === 34)) s++;
  while (e > s && (b[e - 1] === 32 || b[e - 1] === 34)) e--;
  if (s === e) return NaN;
  let neg = false;
  if (b[s] === 45) {
    neg = true;
    s++;
  }
  let v = 0;
  let k = s;
  for (; k < e && b[k] !== 46; k++) {
    const c = b[k] - 48;
    if (c < 0 || c > 9) return NaN;
    v = v * 10 + c;
  }
  if (k === s && (k === e || k + 1 === e)) return NaN;
  if (k < e) {
    let scale = 0.1;
    for (k++; k < e; k++) {
      const c = b[k] - 48;
      if (c < 0 || c > 9) return NaN;
      v += c * scale;
      scale *= 0.1;
    }
  }
  return neg ? -v : v;
}

function text(b: Uint8Array, s: number, e: number): string {
  return new TextDecoder().decode(b.subarray(s, Math.min(e, s + 40)));
}

function concat(a: Uint8Array, b: Uint8Array): Uint8Array {
  const out = new Uint8Array(a.length + b.length);
  out.set(a);
  out.set(b, a.length);
  return out;
}
