import { BINARY_MESSAGE, isJsonStart, JSON_MESSAGE, nulMessage, UTF16_PROBE_BYTES } from './binary';
import { detectLayout, MAX_RATING, type Layout } from './formats';
import type { RatingsBuilder } from './parse-builder';
import { excerpt, isBlank, parseDecimal, parseId } from './parse-fields';
import { READ_LIMITS, showBytes, type ReadLimits } from './limits';
import type { ParseError } from '../types';

const LF = 10;
const CR = 13;
const DOT = 46;
const COMMA = 44;
const SEMICOLON = 59;
const SPACE = 32;
const BOM = [0xef, 0xbb, 0xbf];
/** No ratings line comes near this; a longer one means binary data or no line breaks at all. */
export const MAX_LINE_BYTES = 1 << 20;
const PROBE_BYTES = 4096;
const MAX_FIELDS = 64;
const POW10 = [1, 10, 100, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9];

/**
 * Streaming byte-level parser of delimited ratings text. Feed chunks with push(), then call end().
 * Lines may span chunks (the partial line is carried over); digits are parsed straight from the
 * bytes, and no string is made per line. After a false return, `error` says what and where.
 */
export class TextRatingsParser {
  layout?: Layout;
  error?: ParseError;
  /** Lines seen so far; the 1-based number of the current line while it is parsed. */
  line = 0;
  private carry = new Uint8Array(0);
  private carryLength = 0;
  /**
   * The first chunks, held until they make PROBE_BYTES (or the text ends): the probe looks at those bytes
   * before any line is read, so small chunks give what one big chunk gives. Undefined once probed.
   */
  private early?: Uint8Array[] = [];
  private earlyBytes = 0;
  private bytesSeen = 0;
  private reserved: boolean;
  private skipped = true;
  private fast = false;
  private readonly fieldStart = new Int32Array(MAX_FIELDS);
  private readonly fieldEnd = new Int32Array(MAX_FIELDS);

  constructor(
    private readonly out: RatingsBuilder,
    private readonly source: string,
    /** Expected size of the text in bytes (0 when unknown): used to reserve capacity early. */
    private readonly sizeHint = 0,
    private readonly limits: ReadLimits = READ_LIMITS,
  ) {
    this.reserved = sizeHint <= 0;
  }

  push(chunk: Uint8Array): boolean {
    if (this.error) return false;
    if (!this.early) return this.parse(chunk);
    this.early.push(this.early.length === 0 && chunk.length >= PROBE_BYTES ? chunk : chunk.slice());
    this.earlyBytes += chunk.length;
    return this.earlyBytes < PROBE_BYTES || this.probeEarly();
  }

  /** Parses a last line without a newline. */
  end(): boolean {
    if (this.error || (this.early && !this.probeEarly())) return false;
    const n = this.carryLength;
    this.carryLength = 0;
    return n === 0 || this.lineAt(this.carry, 0, n);
  }

  /** Probes the first bytes, then reads the chunks held. */
  private probeEarly(): boolean {
    const early = this.early!;
    this.early = undefined;
    const first = early.length === 1 ? early[0] : concat(early, this.earlyBytes);
    return this.probe(first.subarray(0, PROBE_BYTES)) && this.parse(first);
  }

  private parse(chunk: Uint8Array): boolean {
    this.bytesSeen += chunk.length;
    if (this.bytesSeen > this.limits.textBytes) {
      return this.fail(`the ratings text is over ${showBytes(this.limits.textBytes)}, past what is read (MovieLens 32M's ratings.csv is 0.9 GB): refused`, this.line + 1);
    }
    let start = 0;
    if (this.carryLength > 0) {
      const nl = chunk.indexOf(LF);
      if (nl < 0) return this.keep(chunk);
      if (!this.keep(chunk.subarray(0, nl))) return false;
      const n = this.carryLength;
      this.carryLength = 0;
      if (!this.lineAt(this.carry, 0, n)) return false;
      start = nl + 1;
    }
    for (let nl = chunk.indexOf(LF, start); nl >= 0; nl = chunk.indexOf(LF, start)) {
      if (!this.lineAt(chunk, start, nl)) return false;
      start = nl + 1;
    }
    if (start < chunk.length && !this.keep(chunk.subarray(start))) return false;
    if (!this.reserved && this.out.length >= 1000) this.reserveFromRate();
    return true;
  }

  /**
   * Refused early, from the first few KB: NUL bytes (UTF-16 text, or other binary data: told apart)
   * and JSON (the first byte that is not white space is '[' or '{').
   */
  private probe(head: Uint8Array): boolean {
    const nul = head.indexOf(0);
    if (nul >= 0) return this.fail(nulMessage(head.subarray(0, UTF16_PROBE_BYTES)), countLf(head.subarray(0, nul)) + 1);
    for (let k = 0; k < head.length; k++) {
      const c = head[k];
      if ((k < 3 && c === BOM[k]) || c === SPACE || c === 9 || c === LF || c === CR) continue;
      return isJsonStart(c) ? this.fail(JSON_MESSAGE, countLf(head.subarray(0, k)) + 1) : true;
    }
    return true;
  }

  private keep(part: Uint8Array): boolean {
    const need = this.carryLength + part.length;
    if (need > MAX_LINE_BYTES) {
      return this.fail(`a line longer than ${MAX_LINE_BYTES >> 20} MB: not a ratings text file (binary data, or no line breaks)`, this.line + 1);
    }
    if (need > this.carry.length) {
      const next = new Uint8Array(Math.max(need, 2 * this.carry.length, 256));
      next.set(this.carry.subarray(0, this.carryLength));
      this.carry = next;
    }
    this.carry.set(part, this.carryLength);
    this.carryLength = need;
    return true;
  }

  private reserveFromRate(): void {
    this.reserved = true;
    this.out.reserve(Math.min(this.limits.lines, Math.ceil((1.1 * this.sizeHint * this.out.length) / this.bytesSeen)));
  }

  private fail(message: string, line = this.line): false {
    this.error = { message, line, source: this.source };
    return false;
  }

  private lineAt(b: Uint8Array, s: number, e: number): boolean {
    if (++this.line > this.limits.lines) {
      return this.fail(`more than ${this.limits.lines.toLocaleString('en-US')} lines, past what is read (MovieLens 32M has 32 million ratings): refused`);
    }
    if (e > s && b[e - 1] === CR) e--;
    if (e === s) {
      this.skipped = true;
      return true;
    }
    if (this.fast && this.fastRecord(b, s, e)) return true;
    if (!this.layout) return this.firstLine(b, s, e);
    return this.record(b, s, e, this.layout);
  }

  /** The first non-empty line fixes the layout; it is a header or already a rating. */
  private firstLine(b: Uint8Array, s: number, e: number): boolean {
    if (this.line === 1 && e - s >= 3 && b[s] === 0xef && b[s + 1] === 0xbb && b[s + 2] === 0xbf) s += 3;
    if (s === e) return true;
    for (let k = s; k < e; k++) {
      const c = b[k];
      if (c === CR) return this.fail('lines end in CR only (old Mac text): save the file with LF or CRLF line endings');
      if (c < SPACE && c !== 9) return this.fail(`${BINARY_MESSAGE} (control byte ${c} in the first line)`);
    }
    const text = new TextDecoder().decode(b.subarray(s, e));
    const detected = detectLayout(text);
    if (!detected.ok) return this.fail(text.includes('\ufffd') ? `${BINARY_MESSAGE} (the first line is not UTF-8 text)` : detected.reason);
    const L = detected.layout;
    this.layout = L;
    this.fast = L.user === 0 && L.item === 1 && L.rating === 2;
    if (L.hasHeader) {
      this.skipped = true;
      return true;
    }
    return this.record(b, s, e, L);
  }

  private accept(user: number, item: number, rating: number): void {
    if (this.skipped) {
      this.out.markLine(this.line);
      this.skipped = false;
    }
    this.out.add(user, item, rating);
  }

  /**
   * The hot path, for `user<d>item<d>rating[<d>...]` lines of plain digits: one pass that stops after
   * the rating. Returns false, with no side effect, on anything unusual; record() then parses the
   * line again and names the problem.
   */
  private fastRecord(b: Uint8Array, s: number, e: number): boolean {
    const d = this.layout!.delimiter;
    const step = this.layout!.double ? 2 : 1;
    let k = s;
    let c = 0;
    let user = 0;
    while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
      user = user * 10 + c;
      k++;
    }
    if (k === s || k - s > 9 || k + step >= e || b[k] !== d || b[k + step - 1] !== d) return false;
    k += step;
    const i0 = k;
    let item = 0;
    while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
      item = item * 10 + c;
      k++;
    }
    if (k === i0 || k - i0 > 9 || k + step >= e || b[k] !== d || b[k + step - 1] !== d) return false;
    k += step;
    const r0 = k;
    let whole = 0;
    while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
      whole = whole * 10 + c;
      k++;
    }
    if (k === r0 || k - r0 > 3) return false;
    let rating = whole;
    if (k < e && (b[k] === DOT || (b[k] === COMMA && d === SEMICOLON))) {
      const f0 = ++k;
      let frac = 0;
      while (k < e && (c = b[k] - 48) >= 0 && c <= 9) {
        frac = frac * 10 + c;
        k++;
      }
      if (k === f0 || k - f0 > 9) return false;
      rating += frac / POW10[k - f0];
    }
    if (k < e && (b[k] !== d || (step === 2 && b[k + 1] !== d))) return false;
    if (rating <= 0 || rating > MAX_RATING) return false;
    this.accept(user, item, rating);
    return true;
  }

  /** Any layout, field by field, with a reason for every refusal. */
  private record(b: Uint8Array, s: number, e: number, L: Layout): boolean {
    if (isBlank(b, s, e)) {
      this.skipped = true;
      return true;
    }
    const n = this.split(b, s, e, L.delimiter, L.double);
    if (n < L.minFields) {
      return this.fail(`${n} field(s) where ${L.minFields} were expected (user, item, rating): wrong delimiter or a truncated line?`);
    }
    const user = this.id(b, L.user, 'user');
    if (user < 0) return false;
    const item = this.id(b, L.item, 'item');
    if (item < 0) return false;
    const rs = this.fieldStart[L.rating];
    const re = this.fieldEnd[L.rating];
    const rating = parseDecimal(b, rs, re, L.delimiter === SEMICOLON);
    if (Number.isNaN(rating)) {
      return this.fail(isBlank(b, rs, re) ? 'rating is missing' : `rating "${excerpt(b, rs, re)}" is not a number`);
    }
    if (!(rating > 0 && rating <= MAX_RATING)) {
      const shown = Number.isFinite(rating) ? String(rating) : `"${excerpt(b, rs, re)}${re - rs > 40 ? '\u2026' : ''}"`;
      return this.fail(`rating ${shown} is out of range: ratings must be above 0 and at most ${MAX_RATING}`);
    }
    this.accept(user, item, rating);
    return true;
  }

  /** Fills fieldStart/fieldEnd; returns the number of fields (at most MAX_FIELDS). */
  private split(b: Uint8Array, s: number, e: number, d: number, double: boolean): number {
    let n = 0;
    this.fieldStart[0] = s;
    for (let k = s; k < e && n < MAX_FIELDS - 1; k++) {
      if (b[k] !== d) continue;
      if (double) {
        if (k + 1 >= e || b[k + 1] !== d) continue;
        this.fieldEnd[n++] = k++;
      } else {
        this.fieldEnd[n++] = k;
      }
      this.fieldStart[n] = k + 1;
    }
    this.fieldEnd[n] = e;
    return n + 1;
  }

  /** A non-negative integer id below 2^31, or -1 after recording why not. */
  private id(b: Uint8Array, field: number, what: string): number {
    const id = parseId(b, this.fieldStart[field], this.fieldEnd[field], what);
    return typeof id === 'number' ? id : (this.fail(id), -1);
  }
}

/** Line breaks in b. */
function countLf(b: Uint8Array): number {
  let n = 0;
  for (let k = b.indexOf(LF); k >= 0; k = b.indexOf(LF, k + 1)) n++;
  return n;
}

function concat(parts: Uint8Array[], n: number): Uint8Array {
  const out = new Uint8Array(n);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
}
