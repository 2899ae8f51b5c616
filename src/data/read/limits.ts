// What a read unpacks and keeps at most: a file past a ceiling is refused as soon as it passes it, with
// what was loaded before kept. Each ceiling is far above the largest MovieLens (ML-32M: 32 million
// ratings, a 0.9 GB ratings.csv, packed 4 to 1), so only a file no ratings export makes meets one.

export interface ReadLimits {
  /** Lines of a ratings text (blank and header lines included). */
  readonly lines: number;
  /** Bytes of a ratings text, unpacked. */
  readonly textBytes: number;
  /** Bytes an archive's titles and ready-made split members unpack to, in all (they are kept until the ratings are read). */
  readonly sideBytes: number;
  /** How many times its packed size an archive member may unpack to, once it has unpacked `ratioFrom` bytes. */
  readonly ratio: number;
  readonly ratioFrom: number;
}

const MB = 2 ** 20;

export const READ_LIMITS: ReadLimits = {
  lines: 100_000_000,
  textBytes: 4096 * MB,
  sideBytes: 256 * MB,
  ratio: 100,
  ratioFrom: 16 * MB,
};

/** Bytes as "4 GB", "256 MB", "32 KB". */
export function showBytes(n: number): string {
  if (n >= 1024 * MB) return `${+(n / (1024 * MB)).toFixed(1)} GB`;
  return n >= MB ? `${+(n / MB).toFixed(1)} MB` : `${Math.ceil(n / 1024)} KB`;
}
