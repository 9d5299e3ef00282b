import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import manifest from '../../package.json';

const cli = path.join(__dirname, '../../../dist/cli.js');

describe('lambda-stream CLI entry', () => {
  it('prints the package version with --version', () => {
    const result = spawnSync(process.execPath, [cli, '--version'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.equal(result.stdout, `${manifest.version}\n`);
  });

  it('prints usage with --help and exits 0', () => {
    const result = spawnSync(process.execPath, [cli, '--help'], { encoding: 'utf8' });
    assert.equal(result.status, 0, result.stderr);
    assert.match(result.stdout, /^lambda-stream \d+\.\d+\.\d+/);
    assert.match(result.stdout, /Usage:/);
  });

  it('rejects an unknown command with exit code 2 and says how to get help', () => {
    const result = spawnSync(process.execPath, [cli, 'frobnicate'], { encoding: 'utf8' });
    assert.equal(result.status, 2);
    assert.match(result.stderr, /unknown command 'frobnicate'.*--help/);
  });
});
