import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { classifierPlugin } from '../../src/propensity/index.js';
import { loadPlugins, recommenderPlugin } from '../../src/recs/index.js';

const dir = mkdtempSync(join(tmpdir(), 'storewise-plugins-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

/** A module whose default export is `exported` (source text): a plugin only needs to declare itself here. */
function pluginSource(names: string[]): string {
  const plugins = names.map(
    (name) =>
      `{ kind: 'recommender', name: '${name}', formatVersion: 1, defaults: {}, fit() {}, serialize() {}, deserialize() {} }`,
  );
  return `export default ${names.length === 1 ? plugins[0] : `[${plugins.join(', ')}]`};\n`;
}

describe('loadPlugins', () => {
  it('registers the plugins of a path (against the directory) and of a package its project has', async () => {
    writeFileSync(join(dir, 'mine.mjs'), pluginSource(['from-path']));
    const pkg = join(dir, 'node_modules', 'storewise-plugin-two');
    mkdirSync(pkg, { recursive: true });
    writeFileSync(
      join(pkg, 'package.json'),
      JSON.stringify({ name: 'storewise-plugin-two', type: 'module', main: 'index.js' }),
    );
    writeFileSync(join(pkg, 'index.js'), pluginSource(['from-package-a', 'from-package-b']));
    expect(await loadPlugins(['./mine.mjs', 'storewise-plugin-two'], dir)).toEqual([
      'from-path',
      'from-package-a',
      'from-package-b',
    ]);
    expect(recommenderPlugin('from-package-b').name).toBe('from-package-b');
    // Loaded again (another command of the same process): nothing changes.
    expect(await loadPlugins(['./mine.mjs'], dir)).toEqual(['from-path']);
  });

  it('registers a classifier plugin among the propensity models', async () => {
    writeFileSync(
      join(dir, 'classifier.mjs'),
      "export default { kind: 'classifier', name: 'loaded-classifier', formatVersion: 1, defaults: {}, fit() {}, serialize() {}, deserialize() {} };\n",
    );
    expect(await loadPlugins(['./classifier.mjs'], dir)).toEqual(['loaded-classifier']);
    expect(classifierPlugin('loaded-classifier').name).toBe('loaded-classifier');
  });

  it('says which module could not be loaded, or is not a model plugin it can use', async () => {
    await expect(loadPlugins(['./missing.mjs'], dir)).rejects.toThrow(
      /^plugin \.\/missing\.mjs: cannot load it: /,
    );
    writeFileSync(join(dir, 'not-a-plugin.mjs'), 'export default { hello: 1 };\n');
    await expect(loadPlugins(['./not-a-plugin.mjs'], dir)).rejects.toThrow(
      "plugin ./not-a-plugin.mjs: its default export is not a model plugin (nor a list of them): kind must be a non-empty name of letters, digits, '.', '_' and '-' (got undefined); name must be",
    );
    // Each missing or wrong field is named.
    writeFileSync(
      join(dir, 'half.mjs'),
      "export default { kind: 'recommender', name: '', formatVersion: 1, defaults: {}, serialize() {}, deserialize() {} };\n",
    );
    await expect(loadPlugins(['./half.mjs'], dir)).rejects.toThrow(
      "its default export is not a model plugin (nor a list of them): name must be a non-empty name of letters, digits, '.', '_' and '-' (got \"\"); fit must be a function (got undefined)",
    );
    writeFileSync(
      join(dir, 'segmenter.mjs'),
      "export default { kind: 'segmenter', name: 's', formatVersion: 1, defaults: {}, fit() {}, serialize() {}, deserialize() {} };\n",
    );
    await expect(loadPlugins(['./segmenter.mjs'], dir)).rejects.toThrow(
      'plugin ./segmenter.mjs: segmenter/s: only recommender and classifier plugins can be loaded',
    );
  });
});
