import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { COMMAND_PREFIX, Commands, Views } from '../../src/constants';
import manifest from '../../package.json';

const root = path.join(__dirname, '../../..');

describe('package.json manifest', () => {
  const contributed = manifest.contributes.commands.map((entry) => entry.command);

  it('contributes exactly the commands in src/constants.ts, each with a title and the Lambda Stream category', () => {
    const declared = Object.values(Commands).map((name) => COMMAND_PREFIX + name);
    assert.deepEqual([...contributed].sort(), [...declared].sort());
    for (const entry of manifest.contributes.commands) {
      assert.equal(entry.category, 'Lambda Stream', entry.command);
      assert.ok(entry.title.length > 0, entry.command);
    }
  });

  it('targets VS Code ^1.100.0, which the code-server used in tests (1.100.3) satisfies', () => {
    assert.equal(manifest.engines.vscode, '^1.100.0');
    assert.equal(manifest.devDependencies['@types/vscode'], '1.100.0');
    assert.equal(manifest.devDependencies['code-server'], '4.100.3');
  });

  it('points main and bin at bundles that the build produces', () => {
    assert.equal(manifest.main, './dist/extension.js');
    assert.equal(manifest.bin['lambda-stream'], './dist/cli.js');
    assert.ok(fs.existsSync(path.join(root, manifest.main)), 'dist/extension.js is missing: run node esbuild.mjs');
    assert.ok(fs.existsSync(path.join(root, manifest.bin['lambda-stream'])), 'dist/cli.js is missing');
  });

  it('declares the view container and the Functions view with an icon that exists in media/', () => {
    const [container] = manifest.contributes.viewsContainers.activitybar;
    assert.equal(container.id, Views.container);
    assert.ok(fs.existsSync(path.join(root, container.icon)), container.icon);
    assert.equal(manifest.contributes.views[Views.container][0].id, Views.functions);
  });

  it('declares how it behaves in untrusted workspaces', () => {
    assert.equal(manifest.capabilities.untrustedWorkspaces.supported, 'limited');
    assert.ok(manifest.capabilities.untrustedWorkspaces.description.length > 0);
  });
});
