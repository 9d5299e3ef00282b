import * as assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import type { ChunkEvent, StartedEvent } from '../../../src/core/engine/events';
import type { InvocationDescription } from '../../../src/core/response/responseSummary';
import { ChannelWriter } from '../../../src/extension/output/channelSink';

class FakeChannel {
  text = '';
  appends = 0;
  append(value: string): void {
    this.text += value;
    this.appends++;
  }
  show(): void {}
  dispose(): void {}
}

function description(functionName: string): InvocationDescription {
  return { functionName, connection: 'Local', startedAt: new Date(2025, 0, 2, 3, 4, 5) };
}

const started: StartedEvent = {
  type: 'started',
  statusCode: 200,
  executedVersion: '$LATEST',
  contentType: 'application/vnd.amazon.eventstream',
  atMs: 1,
};

function chunk(text: string, index: number, offset: number): ChunkEvent {
  return { type: 'chunk', bytes: Buffer.from(text), text, index, offset, atMs: index };
}

describe('extension/output/channelSink (with a fake channel)', () => {
  it('writes a header, the chunks as they arrive, a footer and the log tail block', async () => {
    const channel = new FakeChannel();
    const sink = new ChannelWriter(channel).open(description('token-stream'), 1024);
    sink.accept(started);
    sink.accept(chunk('Hello', 0, 0));
    await sleep(50);
    assert.equal(channel.text, '▶ token-stream · Local · 2025-01-02 03:04:05\nHello');
    sink.accept(chunk(', world', 1, 5));
    sink.finish(
      {
        kind: 'completed',
        complete: {
          type: 'complete',
          binary: false,
          metrics: { bytes: 12, chunks: 2, durationMs: 20, timeToFirstByteMs: 3 },
        },
      },
      { kind: 'text', text: 'START\nEND\n' },
    );
    assert.equal(
      channel.text,
      '▶ token-stream · Local · 2025-01-02 03:04:05\nHello, world\n' +
        '── completed · version $LATEST · status 200 · application/vnd.amazon.eventstream · first byte 3 ms · 12 bytes · 2 chunks · 20 ms\n' +
        '── log tail ──\nSTART\nEND\n\n',
    );
  });

  it('batches 100,000 chunks into a handful of appends, losing nothing', async () => {
    const channel = new FakeChannel();
    const sink = new ChannelWriter(channel).open(description('many'), 10 * 1024 * 1024);
    sink.accept(started);
    let expected = '';
    for (let index = 0; index < 100_000; index++) {
      const text = `${index} `;
      expected += text;
      sink.accept(chunk(text, index, 0));
      if (index % 25_000 === 0) await sleep(40);
    }
    sink.finish({ kind: 'cancelled' });
    assert.ok(channel.text.includes(expected));
    assert.ok(channel.appends <= 10, `${channel.appends} appends`);
  });

  it('keeps a second invocation out of the channel until the first one ends, then writes it whole', async () => {
    const channel = new FakeChannel();
    const writer = new ChannelWriter(channel);
    const first = writer.open(description('first'), 1024);
    const second = writer.open(description('second'), 1024);
    first.accept(started);
    second.accept(started);
    second.accept(chunk('B1 ', 0, 0));
    first.accept(chunk('A1 ', 0, 0));
    second.accept(chunk('B2', 1, 3));
    await sleep(50);
    assert.ok(!channel.text.includes('second'), channel.text);
    first.accept(chunk('A2', 1, 3));
    first.finish({ kind: 'cancelled' });
    await sleep(50);
    second.finish({ kind: 'cancelled' });
    assert.match(channel.text, /^▶ first[^\n]*\nA1 A2\n── cancelled[^\n]*\n\n▶ second[^\n]*\nB1 B2\n── cancelled/);
  });

  it('notes binary output instead of writing it, and stops at the cap', () => {
    const channel = new FakeChannel();
    const writer = new ChannelWriter(channel);
    const binary = writer.open(description('image'), 1024);
    binary.accept({ type: 'chunk', bytes: Uint8Array.of(0x89, 0x50), index: 0, offset: 0, atMs: 1 });
    binary.finish({ kind: 'cancelled' });
    assert.match(channel.text, /\n── binary output, not shown as text \(Save Output As… writes the bytes exactly\)\n/);
    const capped = writer.open(description('report'), 4);
    capped.accept(chunk('abc', 0, 0));
    capped.accept(chunk('defg', 1, 3));
    capped.finish({ kind: 'cancelled' });
    assert.match(
      channel.text,
      /▶ report[^\n]*\nabc\n── the channel stops here, at 3 B; the full output is kept \(Save Output As…\)\n── cancelled/,
    );
  });
});
