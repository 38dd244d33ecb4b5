import { describe, expect, it } from 'vitest';
import { clipMessage } from '../src/errors/clip-message.js';

describe('clipMessage', () => {
  it('clips a long quoted value to a prefix and its length', () => {
    const long = 'Y'.repeat(100);
    expect(clipMessage(`unknown sku "${long}" at x`)).toBe(
      `unknown sku "${'Y'.repeat(64)}..." (100 characters) at x`,
    );
  });

  it('keeps values of up to 64 characters and the text around them', () => {
    const v = 'a'.repeat(64);
    expect(clipMessage(`a "${v}" and "b"`)).toBe(`a "${v}" and "b"`);
  });

  it('never takes the long text between two short quoted values for a value', () => {
    const message =
      '2 problems: input.rule.or[0].field: no score "p_purchase_30" is stored, nor is it one Storewise computes (stored: none); input.rule.or[1].eq: no segment "rfm:no-such" is stored, nor is it one customer analytics computes (segments: none)';
    expect(clipMessage(message)).toBe(message);
  });

  it('pairs quotes left to right: a long value after short ones is clipped, the words kept', () => {
    const long = 'Z'.repeat(70);
    expect(clipMessage(`"a" then "b" then "${long}" end`)).toBe(
      `"a" then "b" then "${'Z'.repeat(64)}..." (70 characters) end`,
    );
  });

  it('reads an escaped quote as part of the value and leaves an unclosed quote as text', () => {
    expect(clipMessage('got "say \\"hi\\"" and 5" screen')).toBe('got "say \\"hi\\"" and 5" screen');
    const long = `${'q'.repeat(60)}\\"${'q'.repeat(10)}`;
    expect(clipMessage(`v "${long}" w`)).toBe(`v "${long.slice(0, 64)}..." (${long.length} characters) w`);
  });

  it('cuts a message over 1000 characters', () => {
    const message = 'x '.repeat(600);
    expect(clipMessage(message)).toBe(`${message.slice(0, 1000)}... (message cut)`);
  });
});
