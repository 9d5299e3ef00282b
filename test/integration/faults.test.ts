/**
 * Faults of the Local endpoint, through the real extension: the endpoint's process killed while a function streams
 * (the invocation says so, keeps its partial output and offers Restart), the endpoint dying while idle (a
 * notification with Restart), a handler ending its own process, a handler spinning until its timeout, and twenty
 * invocations at once. After all of them the extension host is the same process and still invokes.
 */
import * as assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as v8 from 'node:v8';
import * as vm from 'node:vm';
import * as vscode from 'vscode';
import { EXTENSION_ID } from '../../src/constants';
import type { InvocationSummary } from '../../src/extension/output/invocation';
import { recordingNotifications } from './support/notifications';
import {
  activateExtension,
  bodyOf,
  closeAllEditors,
  finalText,
  invoke,
  local,
  openPayload,
  openResponseDocuments,
  outputBytes,
  run,
  waitFor,
  withSetting,
} from './support/invoking';

/** The Local endpoint's process: the extension host's child running the emulator's entry point. */
function endpointPid(): number | undefined {
  const table = execFileSync('ps', ['-eo', 'pid=,ppid=,args='], { encoding: 'utf8' });
  for (const line of table.split('\n')) {
    const [pid, ppid, ...args] = line.trim().split(/\s+/);
    if (Number(ppid) === process.pid && args.join(' ').includes('emulator/main.js')) return Number(pid);
  }
  return undefined;
}

/** Heap and buffer memory still reachable after a full garbage collection. */
function retainedBytes(): number {
  v8.setFlagsFromString('--expose-gc');
  (vm.runInNewContext('gc') as () => void)();
  const usage = process.memoryUsage();
  return usage.heapUsed + usage.arrayBuffers;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('faults: the Local endpoint and its handlers fail, the extension host survives', function () {
  this.timeout(120_000);
  const hostPid = process.pid;

  before(async () => {
    await activateExtension();
    await run('startLocalEndpoint');
  });
  afterEach(closeAllEditors);

  it('the endpoint killed while streaming: the output so far stays, the notice says what happened and offers Restart', () =>
    recordingNotifications(async (shown) => {
      await run('startLocalEndpoint');
      const pid = endpointPid();
      assert.ok(pid, "the Local endpoint process was not found among the extension host's children");
      await openPayload('{ "prompt": "slowly", "delayMs": 150 }');
      const running = invoke('token-stream');
      await waitFor(
        () => openResponseDocuments().some((document) => /Response streaming lets/.test(document.getText())),
        30_000,
      );
      process.kill(pid, 'SIGKILL');
      const summary: InvocationSummary = await running;

      assert.equal(summary.outcome, 'failed');
      assert.equal(summary.errorCode, 'LocalEndpointStopped');
      assert.ok(summary.chunks >= 3 && summary.bytes > 0, `${summary.chunks} chunks, ${summary.bytes} bytes`);
      assert.ok(outputBytes(summary).toString('utf8').startsWith('Response streaming lets'));
      assert.equal(outputBytes(summary).length, summary.bytes);
      assert.deepEqual(summary.notice, {
        message:
          'token-stream was cut off: the Local endpoint stopped unexpectedly (its process exited (SIGKILL)). The output received so far is kept.',
        buttons: ['Restart Local Endpoint', 'Re-run', 'Show Output'],
        shown: true,
      });
      assert.deepEqual(
        shown.map((notice) => notice.message),
        [summary.notice!.message],
        'one notification for one death',
      );
      const text = await finalText(summary);
      assert.equal(
        bodyOf(text),
        outputBytes(summary).toString('utf8') + (outputBytes(summary).toString('utf8').endsWith('\n') ? '' : '\n'),
      );
      assert.match(
        text,
        /\n\/\/ ── failed: The function was cut off: the Local endpoint stopped unexpectedly \(its process exited \(SIGKILL\)\)\. The output received so far is kept\.\n/,
      );

      // "Restart Local Endpoint" runs the start command: a new process, and the same invocation works again.
      await run('startLocalEndpoint');
      const restarted = endpointPid();
      assert.ok(restarted && restarted !== pid);
      await openPayload('{ "delayMs": 0, "words": 4 }');
      const again = await invoke('token-stream');
      assert.equal(again.outcome, 'completed');
      assert.equal(outputBytes(again).toString('utf8'), 'Response streaming lets a\n');
    }));

  it('the endpoint dying while idle shows one notification with Restart; Restart brings it back', () =>
    recordingNotifications(async (shown) => {
      await run('startLocalEndpoint');
      const pid = endpointPid();
      assert.ok(pid);
      process.kill(pid, 'SIGKILL');
      await waitFor(() => shown.length > 0, 10_000);
      assert.deepEqual(shown, [
        {
          severity: 'error',
          message: 'The Local endpoint stopped unexpectedly (its process exited (SIGKILL)).',
          items: ['Restart', 'Show Log'],
        },
      ]);
      await run('startLocalEndpoint');
      assert.ok(endpointPid());
    }));

  it("a handler that ends its own process mid-stream: its lines stay, the failure is the function's, the endpoint lives", () =>
    withSetting('local.functionsDir', 'functions', async () => {
      await openPayload('{ "code": 7 }');
      const summary = await invoke('exits-midway');
      assert.equal(summary.outcome, 'completed');
      assert.equal(summary.functionErrorCode, 'Runtime.ExitError');
      assert.equal(outputBytes(summary).toString('utf8'), 'first line\nsecond line\n');
      const text = await finalText(summary);
      assert.match(text, /exit status 7/);
      const pid = endpointPid();
      assert.ok(pid && alive(pid), 'the endpoint died with its handler');
    }));

  it('a handler spinning in an endless loop is ended by its 2 s timeout, with the line it wrote before', () =>
    withSetting('local.functionsDir', 'functions', async () => {
      await openPayload('{}');
      const summary = await invoke('spins');
      assert.equal(summary.outcome, 'completed');
      assert.equal(summary.functionErrorCode, 'Sandbox.Timedout');
      assert.equal(outputBytes(summary).toString('utf8'), 'about to spin\n');
      assert.ok(summary.durationMs >= 2_000 && summary.durationMs < 15_000, `${summary.durationMs} ms`);
    }));

  it("a handler writing 300 MB is stopped at Lambda's 200 MiB cap with its message; the bytes go to disk and none stay in memory", () =>
    withSetting('documentSizeLimitMB', 1, async () => {
      await openPayload('{ "megabytes": 300 }');
      const before = retainedBytes();
      const summary = await invoke('big-report');
      assert.equal(summary.outcome, 'completed');
      assert.equal(summary.functionErrorCode, 'Function.ResponseSizeTooLarge');
      assert.ok(
        summary.bytes > 200 * 1024 * 1024 - 64 * 1024 && summary.bytes <= 200 * 1024 * 1024 + 64 * 1024,
        `${summary.bytes} bytes`,
      );
      assert.equal(fs.statSync(summary.outputFile).size, summary.bytes);
      const text = await finalText(summary);
      assert.match(text, /\/\/ ── the document stops here, at 1\.0 MiB/);
      assert.match(text, /Response payload size exceeded maximum allowed payload size \(209715200 bytes\)/);
      // Nothing of the 200 MiB stays in the extension host once it is over (the peak is the benchmarks' business).
      const retainedMiB = (retainedBytes() - before) / 2 ** 20;
      assert.ok(
        retainedMiB < 32,
        `the extension host still holds ${retainedMiB.toFixed(0)} MiB after 200 MiB of output`,
      );
    }));

  it('twenty invocations at once each get all of their own output', () =>
    withSetting('output', 'channel', async () => {
      await openPayload('{ "rows": 25, "delayMs": 5 }');
      const summaries = await Promise.all(Array.from({ length: 20 }, () => run('invoke', local('ndjson-rows'))));
      const expected = Buffer.from(Array.from({ length: 25 }, (_, index) => row(index + 1)).join(''));
      for (const summary of summaries) {
        assert.ok(summary);
        assert.equal(summary.outcome, 'completed', `#${summary.id}: ${summary.errorCode}`);
        assert.equal(summary.chunks, 25);
        assert.equal(summary.bytes, expected.length);
      }
      // The registry keeps the output files of the last ten finished invocations (older ones are deleted, in the background).
      const keptFiles = () => summaries.filter((summary) => fs.existsSync(summary!.outputFile));
      await waitFor(() => keptFiles().length === 10, 5_000);
      const kept = keptFiles();
      for (const summary of kept) assert.ok(outputBytes(summary!).equals(expected));
    }));

  it('after all of it, the extension host is the same process, the extension active, and invoking works', async () => {
    assert.equal(process.pid, hostPid);
    assert.equal(vscode.extensions.getExtension(EXTENSION_ID)!.isActive, true);
    await openPayload('{ "delayMs": 0, "words": 2 }');
    const summary = await invoke('token-stream');
    assert.equal(summary.outcome, 'completed');
    assert.equal(outputBytes(summary).toString('utf8'), 'Response streaming\n');
  });
});

/** Row `id` of the ndjson-rows sample, as it writes it. */
function row(id: number): string {
  return `${JSON.stringify({ id, sku: `SKU-${String(id).padStart(5, '0')}`, quantity: (id * 7) % 13, price: Number(((id * 3.7) % 100).toFixed(2)) })}\n`;
}
