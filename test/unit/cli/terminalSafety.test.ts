/**
 * What the CLI prints from a server cannot drive the terminal: descriptions, error messages and log tails lose their
 * escape sequences and control characters; the function's own bytes stay exact unless --safe-output asks otherwise.
 */
/* eslint-disable no-control-regex -- the assertions look for control characters */
import * as assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { stripTerminalControls, TerminalTextFilter } from '../../../src/cli/terminalText';
import { type LocalEndpoint, startLocalEndpoint } from '../../../src/emulator/server';
import { runCli } from './support/runCli';

const HOSTILE =
  '\x1b]0;pwned\x07\x1b[2J\x1b[31mred\x1b[0m \x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\ bell\x07 c1\x9b1m del\x7f';

describe('CLI: terminal control sequences from a server', function () {
  this.timeout(30_000);
  let dir: string;
  let endpoint: LocalEndpoint;
  before(async () => {
    dir = mkdtempSync(path.join(tmpdir(), 'lambda-stream-terminal-'));
    writeFileSync(
      path.join(dir, 'hostile.mjs'),
      `export const handler = awslambda.streamifyResponse(async (event, stream) => {
        console.log(${JSON.stringify(HOSTILE)});
        stream.write(${JSON.stringify(HOSTILE)}.slice(0, 7));
        stream.write(${JSON.stringify(HOSTILE)}.slice(7));
        throw new Error(${JSON.stringify(`boom ${HOSTILE}`)});
      });`,
    );
    writeFileSync(
      path.join(dir, 'lambda-stream.json'),
      JSON.stringify({ functions: { hostile: { description: `desc ${HOSTILE}` } } }),
    );
    endpoint = await startLocalEndpoint({ functionsDir: dir, onProblem: () => undefined, publishKeys: true });
  });
  after(async () => {
    await endpoint.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('strips CSI, OSC (to BEL or ST), other escapes, C0 but newline and tab, DEL and C1', () => {
    assert.equal(stripTerminalControls(HOSTILE), 'red link bell c11m del');
    assert.equal(stripTerminalControls('a\tb\nc\r\x00d'), 'a\tb\ncd');
    const filter = new TerminalTextFilter();
    const pieces = ['x\x1b', '[3', '1my', '\x1b]0;ti', 'tle\x07z', '\x1b'];
    assert.equal(pieces.map((piece) => filter.push(piece)).join('') + filter.end(), 'xyz');
  });

  it('strips them from error messages and log tails on stderr, keeps the output exact on stdout', async () => {
    const run = await runCli(['invoke', 'hostile', '--endpoint', endpoint.url, '--log']);
    assert.equal(run.code, 1, run.stderr);
    assert.equal(run.stdout, HOSTILE, 'the function’s bytes are passed through unchanged by default');
    assert.doesNotMatch(run.stderr, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/, run.stderr);
    assert.match(run.stderr, /boom red link bell c11m del/);
    assert.match(run.stderr, /INFO\tred link bell c11m del/);
  });

  it('strips them from stdout too with --safe-output, across chunk boundaries', async () => {
    const run = await runCli(['invoke', 'hostile', '--endpoint', endpoint.url, '--safe-output']);
    assert.equal(run.stdout, 'red link bell c11m del');
  });

  it('strips them from names and descriptions that list prints', async () => {
    const run = await runCli(['list', '--endpoint', endpoint.url]);
    assert.equal(run.code, 0, run.stderr);
    assert.doesNotMatch(run.stdout, /[\x00-\x08\x0b-\x1f\x7f-\x9f]/);
    assert.match(run.stdout, /desc red link bell c11m del/);
  });
});
