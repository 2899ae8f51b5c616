import { useState, type DragEvent } from 'react';

interface DropZoneProps {
  disabled: boolean;
  onFile: (file: File) => void;
  onDemo: () => void;
}

/** Drag a ratings file here, or pick one; nothing is uploaded, the worker reads it in this tab. */
export function DropZone({ disabled, onFile, onDemo }: DropZoneProps) {
  const [over, setOver] = useState(false);
  const drop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file && !disabled) onFile(file);
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
        Drop a MovieLens ratings file here
        <br />
        <small>(u.data, ratings.dat, ratings.csv or the GroupLens .zip; it stays in this tab)</small>
      </p>
      <div className="row">
        <label className="button">
          Choose file…
          <input
            type="file"
            aria-label="Choose a ratings file"
            disabled={disabled}
            onChange={(e) => {
              const file = e.target.files?.[0];
              if (file) onFile(file);
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
