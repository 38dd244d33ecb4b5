/**
 * Text of an input file quoted for a message: its first `max` characters as a JSON string, with the
 * control characters JSON leaves as they are (DEL and the C1 range, CSI U+009B among them) escaped too,
 * so that a binary file passed as text prints no raw control sequence on the user's terminal.
 */
export function quoteInput(text: string, max = 60): string {
  return JSON.stringify(text.slice(0, max)).replace(
    /[\u007f-\u009f]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
