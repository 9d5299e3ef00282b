import * as assert from 'node:assert/strict';
import type { ChunkEvent, CompleteEvent, InvokeEvent, StartedEvent } from '../../../src/core/engine/events';
import { annotate, ResponseText } from '../../../src/core/response/responseText';
import type { InvocationDescription } from '../../../src/core/response/responseSummary';

const description: InvocationDescription = {
  functionName: 'token-stream',
  qualifier: 'live',
  connection: 'Local',
  startedAt: new Date(2025, 0, 2, 3, 4, 5),
};
const HEADER = 'token-stream:live · Local · 2025-01-02 03:04:05';

function started(contentType = 'application/octet-stream'): StartedEvent {
  return { type: 'started', statusCode: 200, executedVersion: '$LATEST', contentType, atMs: 5 };
}

/** Chunk events for byte pieces, decoded the way the core decodes them (a streaming UTF-8 decoder). */
function chunks(pieces: readonly Uint8Array[], binary = false): ChunkEvent[] {
  const decoder = new TextDecoder('utf-8');
  let offset = 0;
  return pieces.map((bytes, index) => {
    const event: ChunkEvent = {
      type: 'chunk',
      bytes,
      text: binary ? undefined : decoder.decode(bytes, { stream: true }),
      index,
      offset,
      atMs: 10 + index,
    };
    offset += bytes.byteLength;
    return event;
  });
}

function complete(bytes: number, count: number, extra: Partial<CompleteEvent> = {}): CompleteEvent {
  return {
    type: 'complete',
    binary: false,
    metrics: { bytes, chunks: count, durationMs: 1234, timeToFirstByteMs: 10 },
    ...extra,
  };
}

function feed(model: ResponseText, events: readonly InvokeEvent[]): void {
  for (const event of events) model.apply(event);
}

describe('core/response/responseText', () => {
  it('shows a header, then the output as it arrives, then the outcome with the figures', () => {
    const model = new ResponseText(description);
    model.apply(started());
    assert.equal(model.render(), `// ${HEADER}\n`);
    const [first, second] = chunks([Buffer.from('Hello, '), Buffer.from('world')]);
    model.apply(first);
    assert.equal(model.render(), `// ${HEADER}\nHello, `);
    model.apply(second);
    model.apply(complete(12, 2));
    assert.equal(model.bodyText, 'Hello, world');
    assert.equal(
      model.render(),
      `// ${HEADER}\nHello, world\n// ── completed · version $LATEST · status 200 · application/octet-stream · first byte 10 ms · 12 bytes · 2 chunks · 1.23 s\n`,
    );
    assert.equal(model.isFinished, true);
  });

  it('keeps a character split across chunks whole, and the text equals the bytes written', () => {
    const bytes = Buffer.from('naïve → 日本語 🎉 done\n', 'utf8');
    const pieces = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const model = new ResponseText(description);
    feed(model, [started(), ...chunks(pieces)]);
    assert.equal(model.bodyText, bytes.toString('utf8'));
  });

  it('counts a revision per change, so a batcher can skip identical renders', () => {
    const model = new ResponseText(description);
    const before = model.revision;
    model.apply(started());
    assert.ok(model.revision > before);
  });

  it('shows the HTTP prelude as readable headers and takes the language from its content type', () => {
    const model = new ResponseText(description);
    model.apply(started('application/vnd.awslambda.http-integration-response'));
    model.apply({
      type: 'httpPrelude',
      statusCode: 201,
      headers: { 'Content-Type': 'text/html' },
      cookies: ['a=1'],
      raw: '{}',
    });
    feed(model, chunks([Buffer.from('<p>hi</p>')]));
    assert.equal(model.language, 'html');
    assert.equal(
      model.render(),
      `<!-- ${HEADER} -->\n<!-- HTTP 201 -->\n<!-- Content-Type: text/html -->\n<!-- set-cookie: a=1 -->\n<p>hi</p>`,
    );
  });

  it('detects JSON Lines from the content and writes annotations as // comments', () => {
    const model = new ResponseText(description);
    feed(model, [started(), ...chunks([Buffer.from('{"row":1}\n'), Buffer.from('{"row":2}\n')])]);
    assert.equal(model.language, 'jsonl');
    model.apply(complete(20, 2));
    assert.match(model.render(), /^\/\/ .*\n\{"row":1\}\n\{"row":2\}\n\/\/ ── completed/);
  });

  it('stops at the cap without splitting a character, says where, and gives the total at the end', () => {
    const model = new ResponseText(description, { maxBodyBytes: 10, saveHint: 'Save It' });
    feed(model, [
      started(),
      ...chunks([Buffer.from('line one\n'), Buffer.from('é and more'), Buffer.from('x'.repeat(100))]),
    ]);
    assert.equal(model.bodyText, 'line one\n');
    assert.equal(model.isTruncated, true);
    assert.match(
      model.render(),
      /── the document stops here, at 9 B \(line 2\); the rest of the output goes on into its file\. Save It writes the full output to a file\./,
    );
    model.apply(complete(120, 3));
    assert.match(
      model.render(),
      /── the document stops here, at 9 B \(line 2\) of 120 bytes\. Save It writes the full output to a file\.\n\/\/ ── completed/,
    );
  });

  it('past the cap, more output changes nothing to re-send until the end', () => {
    const model = new ResponseText(description, { maxBodyBytes: 10 });
    const [first, second, third] = chunks([Buffer.from('0123456789'), Buffer.from('abc'), Buffer.from('def')]);
    feed(model, [started(), first, second]);
    const revision = model.revision;
    const text = model.render();
    model.apply(third);
    assert.equal(model.revision, revision);
    assert.equal(model.render(), text);
    model.apply(complete(16, 3));
    assert.ok(model.revision > revision);
    assert.match(model.render(), /of 16 bytes\./);
  });

  it('cuts at the cap between characters, never inside one', () => {
    for (const [text, cap, kept] of [
      ['abc', 2, 'ab'],
      ['é', 1, ''],
      ['a🎉b', 4, 'a'],
      ['a🎉b', 5, 'a🎉'],
      ['日本語', 7, '日本'],
    ] as const) {
      const model = new ResponseText(description, { maxBodyBytes: cap });
      feed(model, [started(), ...chunks([Buffer.from(text)])]);
      assert.equal(model.bodyText, kept, `${text} at ${cap} bytes`);
      assert.equal(model.isTruncated, true);
    }
  });

  it('renders its bytes as one view of its store while they fit, equal to the text', () => {
    const model = new ResponseText(description);
    const pieces = Array.from({ length: 300 }, (_, index) => Buffer.from(`line ${index} é€𝄞\n`.repeat(40)));
    feed(model, [started('application/x-ndjson'), ...chunks(pieces)]);
    const first = model.renderBytes();
    const again = model.renderBytes();
    assert.equal(first.buffer, again.buffer, 'no copy per render');
    assert.equal(Buffer.from(first).toString('utf8'), model.render());
    model.apply(complete(Buffer.concat(pieces).byteLength, pieces.length));
    const text = model.render();
    assert.ok(
      text.startsWith(`// ${HEADER}\n${Buffer.concat(pieces).toString('utf8')}// ── completed`),
      text.slice(0, 200),
    );
  });

  it('never holds binary output as text: it says how many bytes there are', () => {
    const model = new ResponseText(description);
    feed(model, [started('image/png'), ...chunks([Uint8Array.of(0x89, 0x50, 0x4e, 0x47), new Uint8Array(1000)], true)]);
    assert.equal(model.isBinary, true);
    assert.equal(model.bodyText, '');
    assert.match(
      model.render(),
      /── binary output: 1,004 bytes \(image\/png\), not shown as text\. Save Output As… writes the bytes exactly\./,
    );
  });

  it('keeps the partial output above a function failure, with its error code and details', () => {
    const model = new ResponseText(description);
    feed(model, [started(), ...chunks([Buffer.from('row 1\n'), Buffer.from('row 2')])]);
    model.apply(complete(11, 2, { errorCode: 'Error', errorDetails: 'boom at row 2' }));
    const text = model.render();
    assert.ok(text.includes('row 1\nrow 2\n// ── failed: The function failed after 2 chunks with Error'), text);
    assert.ok(
      text.includes(
        'with Error: boom at row 2.\n//    version $LATEST · status 200 · application/octet-stream · first byte 10 ms · 11 bytes · 2 chunks · 1.23 s\n',
      ),
      text,
    );
    assert.ok(text.includes('//    ErrorCode: Error\n//    ErrorDetails: boom at row 2\n'), text);
  });

  it('shows a cancellation with what arrived and the billing note, and a log tail in its own block', () => {
    const model = new ResponseText(description);
    feed(model, [started(), ...chunks([Buffer.from('partial')])]);
    model.finish(
      { kind: 'cancelled', metrics: { bytes: 7, chunks: 1, durationMs: 50 } },
      { kind: 'text', text: 'START\nEND\n' },
    );
    assert.ok(
      model
        .render()
        .endsWith(
          'partial\n// ── cancelled after 7 bytes in 1 chunk. The function may keep running in Lambda, and it is billed until it ends.\n// ── log tail ──\n// START\n// END\n',
        ),
    );
  });

  it('renders 100,000 tiny chunks in linear time (the store doubles as it fills)', () => {
    const model = new ResponseText(description);
    model.apply(started());
    const piece = Buffer.from('tok ');
    for (let index = 0; index < 100_000; index++) {
      model.apply({ type: 'chunk', bytes: piece, text: 'tok ', index, offset: index * 4, atMs: index });
      if (index % 1000 === 0) model.render();
    }
    assert.equal(model.bodyText.length, 400_000);
  });
});

describe('core/response/responseText helpers', () => {
  it('annotate uses the language comment syntax and keeps HTML comments closed', () => {
    assert.equal(annotate(['a'], 'json'), '// a\n');
    assert.equal(annotate(['a --> b'], 'markdown'), '<!-- a ‐‐> b -->\n');
    assert.equal(annotate([], 'plaintext'), '');
  });
});
