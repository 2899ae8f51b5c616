/** What the page is told of anything thrown: an Error's message, else the value as text. */
export const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));
