/**
 * What the .vsix ships, as `vsce ls` lists it from .vscodeignore: the bundles, the emulator and its samples, the
 * media the extension uses and the screenshots its README shows; no source maps, no tests, no sources.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';

const root = path.join(__dirname, '../../..');

describe('the .vsix contents', function () {
  this.timeout(60_000);
  let files: string[];
  before(() => {
    const vsce = path.join(root, 'node_modules', '@vscode', 'vsce', 'vsce');
    files = execFileSync(process.execPath, [vsce, 'ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' })
      .split('\n')
      .map((line) => line.trim())
      .filter((line) => line.length > 0)
      .sort();
  });

  it('ships the extension, the CLI, the AWS SDK bundle they load on first use, the emulator and its samples', () => {
    for (const needed of [
      'package.json',
      'README.md',
      'dist/extension.js',
      'dist/features.js',
      'dist/cli.js',
      'dist/cli/invoke.js',
      'dist/cli/serve.js',
      'dist/vendor/aws.js',
      'dist/emulator/main.js',
      'dist/emulator/handlerHost.js',
      'dist/emulator/samples/token-stream.mjs',
      'dist/emulator/samples/lambda-stream.json',
      'media/lambda-stream.svg',
    ])
      assert.ok(files.includes(needed), `${needed} is missing from:\n${files.join('\n')}`);
  });

  it('ships every bundle the build makes for the product (a bundle left out breaks the installed extension)', () => {
    const bundles: string[] = [];
    const walk = (dir: string): void => {
      for (const entry of fs.readdirSync(path.join(root, dir), { withFileTypes: true })) {
        const relative = `${dir}/${entry.name}`;
        if (entry.isDirectory()) {
          if (relative !== 'dist/test' && relative !== 'dist/bench') walk(relative);
        } else if (entry.name.endsWith('.js')) bundles.push(relative);
      }
    };
    walk('dist');
    assert.ok(bundles.includes('dist/features.js'), 'the build made the features bundle');
    assert.deepEqual(
      bundles.filter((bundle) => !files.includes(bundle)),
      [],
    );
  });

  it('ships no source map, test bundle, source file or development file', () => {
    const unwanted = files.filter((file) =>
      /\.map$|^dist\/test\/|^dist\/bench\/|^src\/|^test\/|^bench\/|^scripts\/|^\.|node_modules\/|\.ts$|\.vsix$/.test(
        file,
      ),
    );
    assert.deepEqual(unwanted, []);
  });

  it('ships exactly the README screenshots the README shows', () => {
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const shown = [...readme.matchAll(/\]\((media\/readme\/[^)\s]+)\)/g)].map((match) => match[1]).sort();
    assert.deepEqual(
      files.filter((file) => file.startsWith('media/readme/')),
      [...new Set(shown)],
    );
  });
});
