import { InvokeCommand, ListFunctionsCommand } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import { type ChildProcess, fork, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { runServe } from '../../../src/emulator/serve';
import { isRunning, makeClient, rawRequest, within } from './support';

const MAIN = path.join(__dirname, '../../../emulator/main.js');
const LISTENING = /^lambda-stream local endpoint listening on (http:\/\/127\.0\.0\.1:\d+)\n$/;

function exited(child: ChildProcess): Promise<number | null> {
  return new Promise((resolve) => child.once('exit', (code) => resolve(code)));
}

/** Resolves with what `ready` yields, or rejects with the child's stderr if it exits first. */
function untilReady<T>(child: ChildProcess, ready: Promise<T>): Promise<T> {
  let stderr = '';
  child.stderr?.setEncoding('utf8').on('data', (text: string) => (stderr += text));
  const died = new Promise<never>((_, reject) =>
    child.once('exit', (code) => reject(new Error(`${MAIN} exited with ${code} before listening:\n${stderr}`))),
  );
  return within(10_000, 'the listening report', Promise.race([ready, died]));
}

describe('emulator: serve and the process entry', function () {
  this.timeout(30_000);
  let dir: string;
  before(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'lambda-stream-serve-'));
    writeFileSync(path.join(dir, 'hello.mjs'), 'export const handler = async () => "hi";');
    writeFileSync(
      path.join(dir, 'hang.mjs'),
      `
      import { writeFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      export const handler = awslambda.streamifyResponse(async (event, stream) => {
        writeFileSync(fileURLToPath(new URL('./hang.pid', import.meta.url)), String(process.pid));
        stream.write('waiting');
        await new Promise(() => {});
      });`,
    );
    writeFileSync(
      path.join(dir, 'spin.mjs'),
      `
      import { writeFileSync } from 'node:fs';
      import { fileURLToPath } from 'node:url';
      export const handler = async (event) => {
        writeFileSync(fileURLToPath(new URL('./spin-' + event.id + '.pid', import.meta.url)), String(process.pid));
        for (;;) {}
      };`,
    );
    writeFileSync(
      path.join(dir, 'lambda-stream.json'),
      '{"functions": {"hang": {"timeout": 60}, "spin": {"timeout": 60}}}',
    );
  });
  after(() => {
    for (const pid of spinners) if (isRunning(pid)) process.kill(pid, 'SIGKILL');
    rmSync(dir, { recursive: true, force: true });
  });

  /** Handler processes the tests started, killed at the end whatever happened. */
  const spinners: number[] = [];

  /** Starts main.js, resolving with the child and its URL once it listens. */
  async function startMain(
    options: { detached?: boolean; args?: string[] } = {},
  ): Promise<{ child: ChildProcess; url: string; stderr: () => string }> {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--functions', dir, ...(options.args ?? [])], {
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: options.detached,
    });
    let stdout = '';
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (text: string) => (stderr += text));
    const url = await untilReady(
      child,
      new Promise<string>((resolve) => {
        child.stdout.setEncoding('utf8').on('data', (text: string) => {
          stdout += text;
          const match = /listening on (http:\/\/127\.0\.0\.1:\d+)\n/.exec(stdout);
          if (match) resolve(match[1]);
        });
      }),
    );
    return { child, url, stderr: () => stderr };
  }

  /** Starts a spinning handler through `url` and returns its pid once it runs. */
  async function spinningHandler(url: string, id: string): Promise<number> {
    void rawRequest(url, {
      method: 'POST',
      path: '/2015-03-31/functions/spin/invocations',
      body: JSON.stringify({ id }),
    }).catch(() => undefined);
    const pidFile = path.join(dir, `spin-${id}.pid`);
    await within(
      10_000,
      'the handler to start',
      (async () => {
        while (!existsSync(pidFile) || readFileSync(pidFile, 'utf8') === '')
          await new Promise((resolve) => setTimeout(resolve, 20));
      })(),
    );
    const pid = Number(readFileSync(pidFile, 'utf8'));
    spinners.push(pid);
    assert.ok(isRunning(pid));
    return pid;
  }

  async function assertGone(pid: number, what: string): Promise<void> {
    for (let waited = 0; isRunning(pid) && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(isRunning(pid), false, what);
  }

  it('prints exactly one line, serves, and exits cleanly on SIGTERM, killing running handlers', async () => {
    const child = spawn(process.execPath, [MAIN, '--port', '0', '--functions', dir], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const exit = exited(child);
    let stdout = '';
    child.stdout.setEncoding('utf8').on('data', (text: string) => (stdout += text));
    const url = await untilReady(
      child,
      new Promise<string>((resolve) => {
        child.stdout.on('data', () => {
          const match = LISTENING.exec(stdout);
          if (match) resolve(match[1]);
        });
      }),
    );
    const client = makeClient(url);
    const listed = await client.send(new ListFunctionsCommand({}));
    assert.deepEqual(
      listed.Functions?.map((fn) => fn.FunctionName),
      ['hang', 'hello', 'spin'],
    );

    const pending = rawRequest(url, {
      method: 'POST',
      path: '/2021-11-15/functions/hang/response-streaming-invocations',
    }).catch(() => undefined);
    const pidFile = path.join(dir, 'hang.pid');
    for (let waited = 0; !existsSync(pidFile) && waited < 10_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    const handlerPid = Number(readFileSync(pidFile, 'utf8'));
    assert.ok(isRunning(handlerPid));

    child.kill('SIGTERM');
    assert.equal(await within(10_000, 'exit after SIGTERM', exit), 0);
    await pending;
    client.destroy();
    assert.match(stdout, LISTENING, 'nothing but the one line on stdout');
    for (let waited = 0; isRunning(handlerPid) && waited < 5_000; waited += 20)
      await new Promise((resolve) => setTimeout(resolve, 20));
    assert.equal(isRunning(handlerPid), false, 'the handler process was killed with the endpoint');
  });

  it('leaves no busy handler behind when the endpoint is killed outright (SIGKILL)', async () => {
    const { child, url } = await startMain();
    const exit = exited(child);
    const pid = await spinningHandler(url, 'orphan');
    child.kill('SIGKILL');
    await exit;
    await assertGone(pid, 'the busy handler died with the endpoint');
  });

  it('leaves no busy handler behind when its process group is killed (how the extension stops it)', async () => {
    const { child, url } = await startMain({ detached: true });
    const exit = exited(child);
    const pid = await spinningHandler(url, 'group');
    process.kill(-child.pid!, 'SIGKILL');
    await exit;
    await assertGone(pid, "the busy handler was in the endpoint's process group");
  });

  it('keeps serving with --logs when the reader of stdout goes away', async () => {
    const { child, url, stderr } = await startMain({ args: ['--logs'] });
    const exit = exited(child);
    child.stdout?.destroy();
    const client = makeClient(url);
    try {
      for (let run = 0; run < 3; run++) {
        const output = await client.send(new InvokeCommand({ FunctionName: 'hello' }));
        assert.equal(Buffer.from(output.Payload ?? []).toString(), '"hi"');
      }
    } finally {
      client.destroy();
    }
    assert.equal(child.exitCode, null, `still running; stderr: ${stderr()}`);
    child.kill('SIGTERM');
    assert.equal(await within(10_000, 'exit after SIGTERM', exit), 0);
    assert.match(stderr(), /stdout was closed by its reader; the endpoint keeps serving/);
  });

  it('reports its address over IPC and exits when the parent disconnects', async () => {
    const child = fork(MAIN, ['--port', '0', '--functions', dir], { stdio: ['ignore', 'pipe', 'pipe', 'ipc'] });
    const exit = exited(child);
    const message = await untilReady(child, new Promise<unknown>((resolve) => child.once('message', resolve)));
    assert.deepEqual(Object.keys(message as object), ['type', 'url', 'sessionKeys']);
    const { type, url } = message as { type: string; url: string };
    assert.equal(type, 'listening');
    assert.match(url, /^http:\/\/127\.0\.0\.1:\d+$/);
    assert.equal((await rawRequest(url, { path: '/2015-03-31/functions' })).status, 200);
    child.disconnect();
    assert.equal(await within(10_000, 'exit after disconnect', exit), 0);
  });

  it('rejects bad arguments with exit code 2', async () => {
    const writes: string[] = [];
    const original = process.stderr.write;
    process.stderr.write = ((text: string) => writes.push(text) > 0) as typeof process.stderr.write;
    try {
      assert.equal(await runServe(['--port', 'eighty']), 2);
      assert.equal(await runServe(['--bogus']), 2);
      assert.equal(await runServe(['--functions']), 2);
    } finally {
      process.stderr.write = original;
    }
    assert.match(writes.join(''), /--port must be a number from 0 to 65535, not 'eighty'/);
    assert.match(writes.join(''), /unknown option '--bogus'/);
    assert.match(writes.join(''), /--functions needs a value/);
  });
});
