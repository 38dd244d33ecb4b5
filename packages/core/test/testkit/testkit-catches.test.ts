// The model testkit applies the checks `train recs` applies (core's servingProblem): a plugin that the
// engine refuses fails the testkit too. The faulty plugins' tests run in a vitest of their own, whose
// results this file reads.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createVitest } from 'vitest/node';

it('fails a plugin whose scoreUser returns one score too few, or a NaN, that its own predict does not show; takes a name the registry takes', async () => {
  const root = fileURLToPath(new URL('../..', import.meta.url));
  const vitest = await createVitest('test', {
    root,
    config: false,
    include: ['test/testkit/fixtures/wrong-plugins.ts'],
    watch: false,
    reporters: [],
  });
  try {
    await vitest.start();
    const results: Record<string, string> = {};
    for (const file of vitest.state.getFiles())
      for (const suite of file.tasks)
        if (suite.type === 'suite')
          for (const test of suite.tasks)
            results[`${suite.name} > ${test.name}`] =
              test.result?.state === 'fail'
                ? `fail: ${test.result.errors?.[0]?.message}`
                : String(test.result?.state);
    const check = 'passes the checks train recs applies before storing it (one finite score per item, ...)';
    // clusteredMatrix: 40 customers x 30 items; the engine's words, as `train recs` would refuse them.
    expect(results[`model plugin recommender/one-score-short > ${check}`]).toMatch(
      /^fail: train recs would refuse the model: customer index 0 has 29 scores, not one per item \(30\): scoreUser\(user, out\) fills `out` and returns it$/,
    );
    expect(results[`model plugin recommender/nan-for-the-last-item > ${check}`]).toMatch(
      /^fail: train recs would refuse the model: customer index 0 scores NaN for item "item-29" \(index 29\) \(scores must be finite\)$/,
    );
    // The rest of the testkit passes both (before, so did the whole of it), and all of it passes a sound
    // plugin named as the registry allows (`Fav_cat.v2` failed the testkit's stricter name rule).
    expect(results[`model plugin recommender/Fav_cat.v2 > ${check}`]).toBe('pass');
    const others = Object.entries(results).filter(([name]) => !name.endsWith(check));
    expect(others.filter(([name]) => name.includes('Fav_cat.v2 > declares'))).toHaveLength(1);
    // So does a plugin that needs the catalog, given one (`catalog`).
    expect(results[`model plugin recommender/needs-catalog > ${check}`]).toBe('pass');
    expect(others.length).toBe(4 * 6);
    for (const [name, state] of others) expect(state, name).toBe('pass');
  } finally {
    await vitest.close();
  }
});
