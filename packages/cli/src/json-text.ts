/**
 * JSON text a person wrote (a campaign definition file), parsed; a syntax error names the line and column
 * where it is, which JSON.parse's message does not always tell (`Unexpected end of JSON input`, or a
 * position counted in characters from the start of the file).
 */
import { UserError } from './errors.js';

interface SyntaxProblem {
  offset: number;
  reason: string;
}

/** The place and reason of the first syntax error of `text`, or null if it is valid JSON. */
export function jsonSyntaxError(text: string): SyntaxProblem | null {
  let i = 0;
  const got = () => (i >= text.length ? 'the end of the text' : JSON.stringify(text[i]));
  const fail = (reason: string): never => {
    throw { offset: i, reason } satisfies SyntaxProblem;
  };
  const space = () => {
    while (i < text.length && ' \t\n\r'.includes(text[i]!)) i++;
  };
  const string = () => {
    i++;
    for (;;) {
      if (i >= text.length) fail('a string is not closed (a " is missing)');
      const c = text.charCodeAt(i);
      if (c === 0x22) {
        i++;
        return;
      }
      if (c < 0x20) fail('a line break or control character inside a string must be escaped');
      if (c !== 0x5c) {
        i++;
        continue;
      }
      const e = text[i + 1];
      if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) i += 6;
      else if (e !== undefined && '"\\/bfnrt'.includes(e)) i += 2;
      else fail(`bad escape in a string: \\${e ?? ''}`);
    }
  };
  const value = (): void => {
    space();
    const c = text[i];
    if (c === '{' || c === '[') {
      const close = c === '{' ? '}' : ']';
      i++;
      space();
      if (text[i] === close) {
        i++;
        return;
      }
      for (;;) {
        if (c === '{') {
          space();
          if (text[i] !== '"') fail(`expected a double-quoted property name, got ${got()}`);
          string();
          space();
          if (text[i] !== ':') fail(`expected ':' after the property name, got ${got()}`);
          i++;
        }
        value();
        space();
        if (text[i] === ',') i++;
        else if (text[i] === close) {
          i++;
          return;
        } else fail(`expected ',' or '${close}', got ${got()}`);
      }
    }
    if (c === '"') {
      string();
      return;
    }
    for (const word of ['true', 'false', 'null'])
      if (text.startsWith(word, i)) {
        i += word.length;
        return;
      }
    const number = /^-?(?:0|[1-9]\d*)(?:\.\d+)?(?:[eE][+-]?\d+)?/.exec(text.slice(i, i + 1000));
    if (number && number[0] !== '' && number[0] !== '-') {
      i += number[0].length;
      return;
    }
    fail(`expected a value, got ${got()}`);
  };
  try {
    value();
    space();
    if (i < text.length) fail(`expected the end after the value, got ${got()}`);
    return null;
  } catch (error) {
    if (error instanceof Error) return null; // nested too deep to scan: JSON.parse's message stands
    return error as SyntaxProblem;
  }
}

/** Parses `text`; a syntax error is a UserError `<where> is not valid JSON: line L, column C: <reason>`. */
export function parseJsonText(text: string, where: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch (error) {
    const problem = jsonSyntaxError(text);
    if (problem === null) throw new UserError(`${where} is not valid JSON: ${(error as Error).message}`);
    const before = text.slice(0, problem.offset);
    const line = before.split('\n').length;
    const column = problem.offset - before.lastIndexOf('\n');
    throw new UserError(`${where} is not valid JSON: line ${line}, column ${column}: ${problem.reason}`);
  }
}
