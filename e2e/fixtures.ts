import { generateDemo, toUDataText } from '../src/data/demo';

/** A small MovieLens-100K-format file made here, so tests need no downloaded data. */
export function smallUData(users = 60, items = 48, ratings = 900, seed = 11) {
  const text = toUDataText(generateDemo({ users, items, ratings, seed }));
  return { name: 'u.data', mimeType: 'text/plain', buffer: Buffer.from(text, 'utf8') };
}

export const SHOTS = 'e2e/artifacts';
