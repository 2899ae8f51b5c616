import { GENRE_COLORS } from './genre-colors';

interface GenreLegendProps {
  names: readonly string[];
  /** The genre picked (its index), shown alone in colour on the map. */
  genre?: number;
  onGenre: (genre: number | undefined) => void;
}

/** The item map's genres in their colours: one can be picked (and unpicked) to show only its items in colour. */
export function GenreLegend({ names, genre, onGenre }: GenreLegendProps) {
  return (
    <div className="genre-legend" role="group" aria-label="Genres (pick one to show only its items in colour)">
      {names.map((name, k) => (
        <button type="button" key={name} aria-pressed={genre === k} onClick={() => onGenre(genre === k ? undefined : k)} className="genre-chip">
          <span className="swatch" style={{ background: GENRE_COLORS[k % GENRE_COLORS.length] }} />
          {name}
        </button>
      ))}
    </div>
  );
}
