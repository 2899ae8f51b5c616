import { titlesKind, type TitlesKind } from './titles';

export const RATINGS_MEMBERS = ['u.data', 'ratings.dat', 'ratings.csv'];
export const SPLIT_NAMES = ['u1', 'u2', 'u3', 'u4', 'u5', 'ua', 'ub'];
const SPLIT = /^(u[1-5]|u[ab])\.(base|test)$/;

export type MemberRole = { role: 'ratings' } | { role: 'titles'; kind: TitlesKind } | { role: 'split'; split: string; part: 'base' | 'test' };

export const baseName = (path: string) => path.slice(path.lastIndexOf('/') + 1);

/** What an archive member is to us, from its path; undefined for members we skip. */
export function memberRole(path: string): MemberRole | undefined {
  if (path.endsWith('/') || path.startsWith('__MACOSX/')) return undefined;
  const name = baseName(path);
  if (RATINGS_MEMBERS.includes(name)) return { role: 'ratings' };
  const kind = titlesKind(name);
  if (kind) return { role: 'titles', kind };
  const split = SPLIT.exec(name);
  if (split) return { role: 'split', split: split[1], part: split[2] as 'base' | 'test' };
  return undefined;
}
