import { useState, type DragEvent } from 'react';
import { filesName, NOTHING_AT_STAKE, type AtStake } from '../state/replace-question';
import { useAskFirst } from '../state/use-ask-first';
import { ReplaceConfirm } from './ReplaceConfirm';

interface DropZoneProps {
  disabled: boolean;
  /** One file, or several dropped or chosen together: the worker recognises each by its content. */
  onFile: (files: File | File[]) => void;
  onDemo: () => void;
  /** What new data would replace (atStake): with a trained model or a Tune result, a drop asks first. */
  stake?: AtStake;
}

/** Drag ratings files here (with titles, a test file), or pick them; nothing is uploaded, the worker reads them in this tab. */
export function DropZone({ disabled, onFile, onDemo, stake = NOTHING_AT_STAKE }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const { pending, ask, answer } = useAskFirst(stake, disabled);
  const take = (list: FileList | null | undefined) => {
    const files = Array.from(list ?? []);
    if (files.length === 0 || disabled) return;
    ask(filesName(files.map((f) => f.name)), () => onFile(files.length === 1 ? files[0] : files));
  };
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    take(e.dataTransfer.files);
  };
  return (
    <div
      className={`dropzone${over ? ' over' : ''}`}
      data-testid="dropzone"
      onDragOver={(e) => {
        e.preventDefault();
        setOver(true);
      }}
      onDragLeave={() => setOver(false)}
      onDrop={drop}
    >
      <p>
        Drop a MovieLens ratings file here, or several at once
        <br />
        <small>(u.data, ratings.dat, ratings.csv or the GroupLens .zip; with movies.dat, movies.csv or u.item for titles, u1.test as a test set; it stays in this tab)</small>
      </p>
      <div className="row">
        <label className="button">
          Choose files…
          <input
            type="file"
            multiple
            aria-label="Choose a ratings file (or several: ratings, titles, a test file)"
            disabled={disabled}
            onChange={(e) => {
              take(e.target.files);
              e.target.value = '';
            }}
          />
        </label>
        <button type="button" onClick={() => ask('the demo data', onDemo)} disabled={disabled}>
          Use demo data
        </button>
      </div>
      {pending && <ReplaceConfirm question={pending.question} onAnswer={answer} />}
    </div>
  );
}
