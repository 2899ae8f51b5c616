/** Ratings as parallel typed arrays, with users and items already remapped to dense 0-based indices. */
export interface RatingTriples {
  readonly users: Int32Array;
  readonly items: Int32Array;
  readonly ratings: Float32Array;
}

/** A ratings file (or archive) after parsing: dense ids, raw ids kept for display. */
export interface Dataset {
  /** Human-readable name of the detected format, e.g. "MovieLens 100K u.data (tab-separated)". */
  readonly format: string;
  /** Name of the file (or archive member) the ratings came from. */
  readonly source: string;
  readonly numUsers: number;
  readonly numItems: number;
  /** Raw (file) id of each dense user / item index. */
  readonly userIds: Int32Array;
  readonly itemIds: Int32Array;
  readonly ratings: RatingTriples;
  readonly ratingMin: number;
  readonly ratingMax: number;
  /** Movie title by dense item index ('' where unknown); absent when no titles file was found. */
  readonly titles?: readonly string[];
  /** Genre names, and each item's genres as a bit mask over them (bit k = names[k]); absent without a titles file that has genres. */
  readonly genres?: Genres;
  /** Ready-made train/test splits shipped with the data (ML-100K u1..u5, ua, ub), same dense ids. */
  readonly presetSplits?: readonly PresetSplit[];
  /** Notes shown to the user, e.g. how many duplicate (user, item) pairs were collapsed. */
  readonly notes?: readonly string[];
  /** Ratings outside the scale of the rest (a 6 among 1–5 ratings), named with their lines. */
  readonly offScale?: OffScale;
}

/** Ratings outside the scale of the rest (src/data/read/rating-scale.ts): how many, whether they were left out, the first few as errors with their lines. */
export interface OffScale {
  readonly count: number;
  readonly leftOut: boolean;
  /** Of them all: "7 ratings are outside the 1–5 scale of the other 6,993 ratings; left out". */
  readonly message: string;
  /** The first few, in file order, each with its own message ("rating 6 is outside … left out"), line and value. */
  readonly shown: readonly (ParseError & { readonly rating: number })[];
}

export interface Genres {
  readonly names: readonly string[];
  /** By dense item index. */
  readonly items: Int32Array;
}

export interface PresetSplit {
  readonly name: string;
  readonly train: RatingTriples;
  readonly test: RatingTriples;
}

/** Bad input, as a value the UI can show. `line` is 1-based when the problem is on a line. */
export interface ParseError {
  readonly message: string;
  readonly line?: number;
  readonly source?: string;
}

export type Result<T, E = ParseError> = { ok: true; value: T } | { ok: false; error: E };

/** Compressed sparse rows: row r holds colIdx/values[rowPtr[r] .. rowPtr[r+1]). */
export interface Csr {
  readonly rows: number;
  readonly cols: number;
  readonly rowPtr: Int32Array;
  readonly colIdx: Int32Array;
  readonly values: Float32Array;
}

export interface Split {
  readonly train: RatingTriples;
  readonly test: RatingTriples;
}

/**
 * The CSR rows of one batch (row b of the block is `rows[b]` of the matrix; -1 rows are empty padding).
 * The entries are `ptr[rows]` long; a padded block's arrays go on past that with entries of row -1,
 * column 0 and value 0, which belong to no row.
 */
export interface CsrBlock {
  readonly rows: number;
  readonly cols: number;
  readonly ptr: Int32Array;
  readonly col: Int32Array;
  readonly val: Float32Array;
  /** Block row of each entry. */
  readonly row: Int32Array;
}
