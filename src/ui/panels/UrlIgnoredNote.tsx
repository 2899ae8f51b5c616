/** The settings of the page's link that were not valid (and kept their default), until dismissed. */
export function UrlIgnoredNote({ ignored, onDismiss }: { ignored: string[]; onDismiss: () => void }) {
  if (ignored.length === 0) return null;
  return (
    <div className="note url-ignored" role="status" data-testid="url-ignored">
      <button type="button" className="dismiss" aria-label="Dismiss the note on ignored link settings" onClick={onDismiss}>
        ✕
      </button>
      <p>Some settings in the link were not valid; they keep their default:</p>
      <ul>
        {ignored.map((why) => (
          <li key={why}>{why}</li>
        ))}
      </ul>
    </div>
  );
}
