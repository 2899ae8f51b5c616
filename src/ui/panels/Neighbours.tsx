import type { Neighbour } from '../../worker/messages';

interface NeighboursProps {
  /** The title of the item picked on the map. */
  title: string;
  /** Its nearest items, once the worker has found them. */
  near?: Neighbour[];
  minRatings?: number;
  onPick: (item: number) => void;
}

/** The items nearest the one picked on the item map; each can be picked in turn. */
export function Neighbours({ title, near, minRatings, onPick }: NeighboursProps) {
  return (
    <div className="neighbours" data-testid="neighbours">
      <h3>People who liked {title} also liked</h3>
      {near ? (
        <ol>
          {near.map((m) => (
            <li key={m.item}>
              <button type="button" className="link" onClick={() => onPick(m.item)}>
                {m.title}
              </button>{' '}
              <span className="muted">
                similarity {m.similarity.toFixed(3)} · {m.ratings} ratings
              </span>
            </li>
          ))}
        </ol>
      ) : (
        <p className="muted">Looking…</p>
      )}
      {near && <p className="rec-note">Nearest by the cosine of the learned vectors, among items with at least {minRatings} training ratings.</p>}
    </div>
  );
}
