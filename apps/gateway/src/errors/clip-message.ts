/** Most characters of one quoted value, and of a whole message, sent back to the client. */
const MAX_QUOTED = 64;
const MAX_MESSAGE = 1000;

/**
 * Messages quote what the client sent (graphql-js its invalid variables, the engine a definition's
 * values, the gateway an unknown SKU): a value of 100,000 characters must not come back in full. Each
 * quoted value keeps a short prefix and its length, and the message as a whole is cut at MAX_MESSAGE.
 *
 * Quotes are paired left to right (a backslash inside a value escapes the next character), so the text
 * between the closing quote of one value and the opening quote of the next is never taken for a value:
 * a message listing several problems keeps each problem's words. An opening quote with no closing one
 * is text, kept as it is.
 */
export function clipMessage(message: string): string {
  let clipped = '';
  let i = 0;
  while (i < message.length) {
    const open = message.indexOf('"', i);
    if (open === -1) break;
    const close = closingQuote(message, open + 1);
    if (close === -1) break;
    const value = message.slice(open + 1, close);
    clipped += message.slice(i, open);
    clipped +=
      value.length > MAX_QUOTED
        ? `"${value.slice(0, MAX_QUOTED)}..." (${value.length} characters)`
        : `"${value}"`;
    i = close + 1;
  }
  clipped += message.slice(i);
  return clipped.length > MAX_MESSAGE ? `${clipped.slice(0, MAX_MESSAGE)}... (message cut)` : clipped;
}

/** The index of the quote closing a value that starts at `from`, or -1 when none does. */
function closingQuote(message: string, from: number): number {
  for (let j = from; j < message.length; j++) {
    if (message[j] === '\\') j++;
    else if (message[j] === '"') return j;
  }
  return -1;
}
