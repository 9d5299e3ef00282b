/**
 * What an untrusted workspace's settings may not decide. VS Code drops a workspace's values of the settings that
 * package.json lists under `restrictedConfigurations` while the workspace is untrusted, but only where they are read
 * with `get`. The UI scenario test/ui/restrictedMode.test.ts shows the effect in a real workbench.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import manifest from '../../../package.json';

const root = path.join(__dirname, '../../../..');

/** Settings that pick where requests go, what code runs, or what is sent along with every invocation. */
const RESTRICTED = [
  'lambdaStream.local.functionsDir', // which handler files Local runs
  'lambdaStream.local.project', // which project's handlers Local runs
  'lambdaStream.local.passAwsCredentials', // whether handlers get the user's real AWS credentials
  'lambdaStream.allowInsecureEndpoints', // whether signed requests may cross the network unencrypted
  'lambdaStream.customEndpoints', // where requests go (and with which profile's credentials)
  'lambdaStream.invocations.environments', // values substituted into what invocation files send
  'lambdaStream.regions', // which regional endpoints get signed requests
  'lambdaStream.clientContext', // data attached to every invocation, signed with the user's credentials
  'lambdaStream.tenantId', // which tenant every invocation runs as
];

function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((item) => {
    const full = path.join(dir, item.name);
    if (item.isDirectory()) return sourceFiles(full);
    return item.name.endsWith('.ts') ? [full] : [];
  });
}

describe('hardening/workspace trust: settings an untrusted workspace cannot set', () => {
  const declared = Object.keys(manifest.contributes.configuration.properties);
  const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;

  it('restricts every setting that picks an endpoint, a region, code to run, or data sent with invocations', () => {
    assert.deepEqual([...restricted].sort(), [...RESTRICTED].sort());
    for (const key of restricted) assert.ok(declared.includes(key), `${key} is restricted but not declared`);
  });

  it('leaves only settings that shape how output is shown, or which files count as payloads', () => {
    // A new setting lands here until someone decides whether an untrusted workspace may set it.
    const open = declared.filter((key) => !restricted.includes(key)).sort();
    assert.deepEqual(open, [
      'lambdaStream.documentSizeLimitMB',
      'lambdaStream.logTail',
      'lambdaStream.output',
      'lambdaStream.payloadsDir',
    ]);
  });

  it('reads settings only with get(), which leaves out a restricted workspace value (inspect() would not)', () => {
    for (const file of sourceFiles(path.join(root, 'src'))) {
      const name = path.relative(root, file);
      const text = fs.readFileSync(file, 'utf8');
      assert.ok(!/\.inspect\s*[<(]/.test(text), `${name} calls inspect() on a configuration`);
      if (name === path.join('src', 'extension', 'config.ts')) continue;
      for (const line of text.split('\n').filter((candidate) => candidate.includes('.getConfiguration('))) {
        assert.match(
          line,
          /\.getConfiguration\([^)]*\)\.update\(/,
          `${name} reads settings outside config.ts: ${line.trim()}`,
        );
      }
    }
  });
});
