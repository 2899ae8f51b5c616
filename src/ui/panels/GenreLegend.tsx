import { Fragment } from 'react';
import { GENRE_COLORS, OTHER_GENRES } from './genre-colors';

interface GenreLegendProps {
  names: readonly string[];
  /** Each genre's colour (genreColors); undefined: one of the "other genres", drawn grey. */
  colors: readonly (string | undefined)[];
  /** The genre picked (its index), shown alone in colour on the map. */
  genre?: number;
  onGenre: (genre: number | undefined) => void;
}

/**
 * The item map's genres: those with a colour first, in their colours; then the other genres, whose items are
 * grey. Any one can be picked (and unpicked) to show only its items in colour.
 */
export function GenreLegend({ names, colors, genre, onGenre }: GenreLegendProps) {
  const rank = (k: number) => (colors[k] ? GENRE_COLORS.indexOf(colors[k]) : GENRE_COLORS.length + k);
  const order = names.map((_, k) => k).sort((a, b) => rank(a) - rank(b));
  const firstOther = order.find((k) => !colors[k]);
  return (
    <div
      className="genre-legend"
      role="group"
      aria-label="Genres (pick one to show only its items in colour)"
      title="Colour-blind-safe colours (Okabe-Ito) for the most common genres: an item takes the colour of the least common of them it has"
    >
      {order.map((k) => (
        <Fragment key={names[k]}>
          {k === firstOther && <span className="genre-other-note">grey on the map:</span>}
          <button
            type="button"
            aria-pressed={genre === k}
            onClick={() => onGenre(genre === k ? undefined : k)}
            className={`genre-chip${colors[k] ? '' : ' other'}`}
            title={colors[k] ? undefined : 'one of the other genres: grey on the map until picked'}
          >
            <span className="swatch" style={{ background: colors[k] ?? OTHER_GENRES }} />
            {names[k]}
          </button>
        </Fragment>
      ))}
    </div>
  );
}
