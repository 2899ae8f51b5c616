import { useState, type DragEvent } from 'react';

interface DropZoneProps {
  disabled: boolean;
  /** One file, or several dropped or chosen together: the worker recognises each by its content. */
  onFile: (files: File | File[]) => void;
  onDemo: () => void;
}

/** Drag ratings files here (with titles, a test file), or pick them; nothing is uploaded, the worker reads them in this tab. */
export function DropZone({ disabled, onFile, onDemo }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const take = (list: FileList | null | undefined) => {
    const files = Array.from(list ?? []);
    if (files.length > 0 && !disabled) onFile(files.length === 1 ? files[0] : files);
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
        <button type="button" onClick={onDemo} disabled={disabled}>
          Use demo data
        </button>
      </div>
    </div>
  );
}
