/**
 * A copy of `text` that does not keep the string it was cut from alive. V8 represents a slice of 13 or
 * more characters as a view into its parent (here: a whole decoded chunk of the file), so an id kept in a
 * long-lived set would pin that chunk. Concatenating and slicing again yields a string backed by a new,
 * short buffer. Use for keys that outlive a batch.
 */
export function detach(text: string): string {
  return text.length < 13 ? text : ` ${text}`.slice(1);
}
