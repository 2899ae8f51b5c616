/**
 * A dataset's short name for file names: an archive's name without ".zip" (not the member read from it: "ml-100k.zip ›
 * ml-100k/u.data" is ml-100k), a plain file's without its extension, that of the data an opened model came from,
 * characters a file name should not hold turned to "-". "demo" stays "demo".
 */
export function sourceStem(source: string): string {
  const stem = source
    .replace(/ \(model file.*$/, '')
    .split(' \u203a ')[0]
    .replace(/\.zip$/i, '')
    .replace(/\.[^.]*$/, '')
    .replace(/[^\w.-]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return stem || 'ratings';
}

/** An export's file name after its data and the day: `ml-100k-tune-2026-12-07.csv`. */
export function exportName(source: string, what: string, ext: string, day = new Date()): string {
  return `${sourceStem(source)}-${what}-${day.toISOString().slice(0, 10)}.${ext}`;
}
