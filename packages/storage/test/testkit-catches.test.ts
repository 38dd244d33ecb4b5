// The conformance suite catches scans that ignore their batch size, naming the scan: a tester's adapter
// whose scanItems and scanRejects did passed every test, and a scanEvents that did failed the bulk reads
// with `expected 8 to be less than or equal to 3`. The faulty adapter's tests run in a vitest of their
// own, whose results this file reads.
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { createVitest } from 'vitest/node';

it('fails an adapter whose item, reject and event scans ignore batchSize, naming the scan and the size', async () => {
  const vitest = await createVitest('test', {
    root: fileURLToPath(new URL('..', import.meta.url)),
    config: false,
    include: ['test/fixtures/unbatched-storage.ts'],
    testNamePattern: /batches of the requested size|gives every interaction with its type weight/,
    watch: false,
    reporters: [],
  });
  try {
    await vitest.start();
    const failed = new Map<string, string>();
    const visit = (
      tasks: readonly {
        name: string;
        type: string;
        tasks?: unknown;
        result?: { state?: string; errors?: { message: string }[] };
      }[],
    ) => {
      for (const task of tasks) {
        if (task.type === 'suite') visit(task.tasks as typeof tasks);
        else if (task.result?.state === 'fail') failed.set(task.name, task.result.errors?.[0]?.message ?? '');
      }
    };
    for (const file of vitest.state.getFiles()) visit(file.tasks);
    expect(failed.get('scans items in batches of the requested size in index order')).toBe(
      'scanItems({ batchSize: 5 }) batch sizes, of 12 items: expected [ 12 ] to deeply equal [ 5, 5, 2 ]',
    );
    expect(failed.get('scans rejects in batches of the requested size, in the order recorded')).toBe(
      'scanRejects({ batchSize: 3 }) batch sizes, of 7 rejects: expected [ 7 ] to deeply equal [ 3, 3, 1 ]',
    );
    expect(
      failed.get(
        'gives every interaction with its type weight (times the rating for ratings), leaving out anonymous and itemless events',
      ),
    ).toMatch(
      /^scanInteractions\(\{ batchSize: 3 \}\) gave a batch of \d+ rows \(the fallback over scanEvents: does scanEvents keep batchSize\?\): expected \d+ to be less than or equal to 3$/,
    );
  } finally {
    await vitest.close();
  }
});
