/**
 * The Local endpoint's spare handler host (src/emulator/spareHost.ts): started ahead, used by one invocation only,
 * replaced, killed when the endpoint stops; an invocation that needs something only a process start can give gets a
 * host of its own, and still gets it.
 */
import { InvokeCommand } from '@aws-sdk/client-lambda';
import * as assert from 'node:assert/strict';
import type { ChildProcess } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { readdirSync, readFileSync } from 'node:fs';
import { spareEnvironment } from '../../../src/emulator/runner';
import { sameAtStart, SpareHost } from '../../../src/emulator/spareHost';
import { type Fixture, isRunning, manifest, startFixture, within } from './support';

const REPORT = `export const handler = async () => ({
  pid: process.pid,
  cwd: process.cwd(),
  name: process.env.AWS_LAMBDA_FUNCTION_NAME,
  custom: process.env.CUSTOM ?? null,
  zone: Intl.DateTimeFormat().resolvedOptions().timeZone,
  offset: new Date(Date.UTC(2024, 0, 1)).getTimezoneOffset(),
  noDeprecation: process.noDeprecation === true,
  leaked: process.env.LAMBDA_STREAM_SPARE_TEST_LEAK ?? null,
  send: typeof process.send,
});`;

interface Report {
  pid: number;
  cwd: string;
  name: string;
  custom: string | null;
  zone: string;
  offset: number;
  noDeprecation: boolean;
  leaked: string | null;
  send: string;
}

/** The handler hosts (dist/emulator/handlerHost.js) whose parent is this process, from /proc (Linux). */
function childHosts(): number[] {
  const found: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
      if (ppid !== process.pid) continue;
      if (readFileSync(`/proc/${entry}/cmdline`, 'utf8').includes('handlerHost.js')) found.push(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return found;
}

async function until(what: string, condition: () => boolean, ms = 10_000): Promise<void> {
  await within(
    ms,
    what,
    (async () => {
      while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
    })(),
  );
}

describe('emulator: the spare handler host', function () {
  this.timeout(60_000);
  let fixture: Fixture;
  let closed = false;
  /** Handler hosts of other endpoints in this process (test files that run before this one). */
  let others: number[] = [];
  before(async () => {
    others = childHosts();
    process.env.LAMBDA_STREAM_SPARE_TEST_LEAK = 'the endpoint process only';
    fixture = await startFixture({
      'report.mjs': REPORT,
      'zoned.mjs': REPORT,
      'optioned.mjs': REPORT,
      'lambda-stream.json': manifest({
        zoned: { environment: { TZ: 'Europe/Paris', CUSTOM: 'set after start' } },
        optioned: { environment: { NODE_OPTIONS: '--no-deprecation', CUSTOM: 'set at start' } },
      }),
    });
  });
  after(async () => {
    delete process.env.LAMBDA_STREAM_SPARE_TEST_LEAK;
    if (!closed) await fixture?.close();
  });

  const invoke = async (name: string): Promise<Report> => {
    const output = await fixture.client.send(new InvokeCommand({ FunctionName: name }));
    assert.equal(output.FunctionError, undefined, Buffer.from(output.Payload ?? []).toString());
    return JSON.parse(Buffer.from(output.Payload ?? []).toString()) as Report;
  };
  const spare = async (): Promise<number> => {
    await until('a spare host', () => fixture.endpoint.spareHostPid !== undefined);
    return fixture.endpoint.spareHostPid as number;
  };

  it('is started with the endpoint, serves one invocation only and is replaced by a new process', async () => {
    const first = await spare();
    const seen = await invoke('report');
    assert.equal(seen.pid, first, 'the invocation ran in the spare');
    assert.equal(seen.cwd, fixture.dir);
    assert.equal(seen.name, 'report');
    assert.equal(seen.zone, 'UTC');
    assert.equal(seen.leaked, null, "the endpoint's own environment does not reach the handler");
    assert.equal(seen.send, 'undefined');
    await until('the used spare to end', () => !isRunning(first));
    const second = await spare();
    assert.notEqual(second, first);
    const again = await invoke('report');
    assert.equal(again.pid, second);
  });

  it('takes on what can be set after start (TZ, the function environment) before the handler loads', async () => {
    const ready = await spare();
    const seen = await invoke('zoned');
    assert.equal(seen.pid, ready);
    assert.equal(seen.zone, 'Europe/Paris');
    assert.equal(seen.offset, -60);
    assert.equal(seen.custom, 'set after start');
  });

  it('leaves the spare for the next invocation when the function sets a variable only read at start', async () => {
    const ready = await spare();
    const seen = await invoke('optioned');
    assert.notEqual(seen.pid, ready, 'a host of its own');
    assert.equal(seen.noDeprecation, true, 'NODE_OPTIONS applied');
    assert.equal(seen.custom, 'set at start');
    assert.equal(fixture.endpoint.spareHostPid, ready, 'the spare is still there, unused');
    assert.equal((await invoke('report')).pid, ready);
  });

  it('is killed when the endpoint stops, leaving no handler host behind', async () => {
    const ready = await spare();
    assert.ok(childHosts().includes(ready), 'the spare is a child of the endpoint');
    closed = true;
    await fixture.close();
    await until('the spare to end', () => !isRunning(ready));
    await until('no handler host left', () => childHosts().every((pid) => others.includes(pid)));
    assert.equal(fixture.endpoint.spareHostPid, undefined);
  });
});

describe('emulator: SpareHost', function () {
  this.timeout(30_000);

  it('starts no spare after close, and take answers undefined then', async () => {
    const spares = new SpareHost(() => spareEnvironment(false));
    spares.prepare();
    const pid = spares.pid;
    assert.ok(pid !== undefined);
    spares.close();
    await until('the spare to end', () => !isRunning(pid));
    assert.equal(spares.take(process.cwd(), spareEnvironment(false)), undefined);
    spares.prepare();
    assert.equal(spares.pid, undefined);
  });

  it('is not taken for a working directory that does not exist (a fresh host reports that)', () => {
    const spares = new SpareHost(() => spareEnvironment(false));
    try {
      spares.prepare();
      const pid = spares.pid;
      assert.equal(spares.take('/nonexistent/lambda-stream-folder', spareEnvironment(false)), undefined);
      assert.equal(spares.pid, pid);
    } finally {
      spares.close();
    }
  });

  it("starts the replacement after the taken host's first answer has been handled, not inside it", async () => {
    const launched: FakeHost[] = [];
    const spares = new SpareHost(
      () => spareEnvironment(false),
      () => {
        const host = new FakeHost(launched.length + 1);
        launched.push(host);
        return host as unknown as ChildProcess;
      },
    );
    try {
      spares.prepare();
      const taken = spares.take(process.cwd(), spareEnvironment(false)) as unknown as FakeHost;
      assert.equal(taken, launched[0]);
      // The runner listens after the spare host does; a spawn inside the same event would hold up its first chunk.
      let launchedWhileForwarding = -1;
      taken.on('message', () => (launchedWhileForwarding = launched.length));
      taken.emit('message', { type: 'chunk' });
      assert.equal(launchedWhileForwarding, 1, 'no host started before the answer was forwarded');
      await new Promise((resolve) => setImmediate(resolve));
      assert.equal(launched.length, 2, 'the replacement is started right after');
      assert.equal(spares.pid, 2);
    } finally {
      spares.close();
    }
  });

  it('compares only what a process reads when it starts', () => {
    const base = { PATH: '/bin', TZ: 'UTC', ELECTRON_RUN_AS_NODE: '1' };
    assert.equal(sameAtStart(base, { ...base, TZ: 'Europe/Paris', MODE: 'x', PATH: '/usr/bin' }), true);
    for (const name of ['NODE_OPTIONS', 'NODE_PATH', 'UV_THREADPOOL_SIZE', 'LANG', 'LC_ALL', 'node_options'])
      assert.equal(sameAtStart(base, { ...base, [name]: 'x' }), false, name);
    assert.equal(sameAtStart(base, { PATH: '/bin', TZ: 'UTC' }), false, 'ELECTRON_RUN_AS_NODE missing');
  });
});

/** A stand-in for a forked handler host: alive, connected, and killed by `kill`. */
class FakeHost extends EventEmitter {
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  connected = true;
  constructor(readonly pid: number) {
    super();
  }
  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    this.signalCode = signal;
    this.connected = false;
    return true;
  }
}
