import { describe, expect, it } from 'vitest';
import { collapseRepeats, REPEAT_WINDOW_MS } from '../src/errors/repeated-errors.js';

describe('internal errors logged once per kind and window', () => {
  it('counts the repeats of an error within the window and says how many with the next one logged', () => {
    const logged: [string, Record<string, unknown> | undefined][] = [];
    let clock = 0;
    const log = collapseRepeats(
      (error, context) => logged.push([(error as Error).message, context]),
      () => clock,
    );
    const down = () => new Error('Failed query: select 1', { cause: new Error('Connection terminated') });
    for (let i = 0; i < 100; i++) log(down(), { job: 'x' });
    // Another kind: the same message with another cause, and another message.
    log(new Error('Failed query: select 1', { cause: new Error('timeout') }));
    log(new Error('something else'));
    expect(logged).toEqual([
      ['Failed query: select 1', { job: 'x' }],
      ['Failed query: select 1', {}],
      ['something else', {}],
    ]);
    clock = REPEAT_WINDOW_MS - 1;
    log(down());
    expect(logged).toHaveLength(3);
    clock = REPEAT_WINDOW_MS;
    log(down());
    expect(logged[3]).toEqual(['Failed query: select 1', { repeats: 100 }]);
    clock = 2 * REPEAT_WINDOW_MS;
    log(down());
    expect(logged[4]).toEqual(['Failed query: select 1', {}]);
  });
});
