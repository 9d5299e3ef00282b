import * as assert from 'node:assert/strict';
import type { ChunkEvent, CompleteEvent, InvokeEvent, StartedEvent } from '../../../src/core/engine/events';
import { annotate, applyDocumentUpdate, ResponseText } from '../../../src/core/response/responseText';
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

/** What each model's document shows: opened with its opening text, then every update applied as VS Code would. */
const documents = new WeakMap<ResponseText, string>();

/** Brings the model's document up to date (the way the extension does) and returns its whole text. */
function shown(model: ResponseText): string {
  let text = documents.get(model);
  if (text === undefined) {
    text = model.openingText();
  } else {
    const update = model.update();
    if (update) {
      text = applyDocumentUpdate(text, update);
      model.commit(update);
    }
  }
  documents.set(model, text);
  return text;
}

/** The function's output as the document shows it: the `bodyLength` bytes after the header's annotation lines. */
function bodyOf(model: ResponseText): string {
  let rest = shown(model);
  while (/^(\/\/|<!--) /.test(rest)) rest = rest.slice(rest.indexOf('\n') + 1);
  return Buffer.from(rest, 'utf8').subarray(0, model.bodyLength).toString('utf8');
}

describe('core/response/responseText', () => {
  it('shows a header, then the output as it arrives, then the outcome with the figures', () => {
    const model = new ResponseText(description);
    model.apply(started());
    assert.equal(shown(model), `// ${HEADER}\n`);
    const [first, second] = chunks([Buffer.from('Hello, '), Buffer.from('world')]);
    model.apply(first);
    assert.equal(shown(model), `// ${HEADER}\nHello, `);
    model.apply(second);
    model.apply(complete(12, 2));
    assert.equal(bodyOf(model), 'Hello, world');
    assert.equal(
      shown(model),
      `// ${HEADER}\nHello, world\n// ── completed · version $LATEST · status 200 · application/octet-stream · first byte 10 ms · 12 bytes · 2 chunks · 1.23 s\n`,
    );
    assert.equal(model.isFinished, true);
  });

  it('keeps a character split across chunks whole, and the text equals the bytes written', () => {
    const bytes = Buffer.from('naïve → 日本語 🎉 done\n', 'utf8');
    const pieces = Array.from(bytes, (byte) => Uint8Array.of(byte));
    const model = new ResponseText(description);
    feed(model, [started(), ...chunks(pieces)]);
    assert.equal(bodyOf(model), bytes.toString('utf8'));
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
      shown(model),
      `<!-- ${HEADER} -->\n<!-- HTTP 201 -->\n<!-- Content-Type: text/html -->\n<!-- set-cookie: a=1 -->\n<p>hi</p>`,
    );
  });

  it('detects JSON Lines from the content and writes annotations as // comments', () => {
    const model = new ResponseText(description);
    feed(model, [started(), ...chunks([Buffer.from('{"row":1}\n'), Buffer.from('{"row":2}\n')])]);
    assert.equal(model.language, 'jsonl');
    model.apply(complete(20, 2));
    assert.match(shown(model), /^\/\/ .*\n\{"row":1\}\n\{"row":2\}\n\/\/ ── completed/);
  });

  it('stops at the cap without splitting a character, says where, and gives the total at the end', () => {
    const model = new ResponseText(description, { maxBodyBytes: 10, saveHint: 'Save It' });
    feed(model, [
      started(),
      ...chunks([Buffer.from('line one\n'), Buffer.from('é and more'), Buffer.from('x'.repeat(100))]),
    ]);
    assert.equal(bodyOf(model), 'line one\n');
    assert.equal(model.isTruncated, true);
    assert.match(
      shown(model),
      /── the document stops here, at 9 B \(line 2\); the rest of the output goes on into its file\. Save It writes the full output to a file\./,
    );
    model.apply(complete(120, 3));
    assert.match(
      shown(model),
      /── the document stops here, at 9 B \(line 2\) of 120 bytes\. Save It writes the full output to a file\.\n\/\/ ── completed/,
    );
  });

  it('past the cap, more output changes nothing to re-send until the end', () => {
    const model = new ResponseText(description, { maxBodyBytes: 10 });
    const [first, second, third] = chunks([Buffer.from('0123456789'), Buffer.from('abc'), Buffer.from('def')]);
    feed(model, [started(), first, second]);
    const revision = model.revision;
    const text = shown(model);
    model.apply(third);
    assert.equal(model.revision, revision);
    assert.equal(model.update(), undefined, 'nothing to send');
    assert.equal(shown(model), text);
    model.apply(complete(16, 3));
    assert.ok(model.revision > revision);
    assert.match(shown(model), /of 16 bytes\./);
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
      assert.equal(bodyOf(model), kept, `${text} at ${cap} bytes`);
      assert.equal(model.isTruncated, true);
    }
  });

  it('sends the document only the output since its last update, and holds none that it took', () => {
    const model = new ResponseText(description);
    const pieces = Array.from({ length: 300 }, (_, index) => Buffer.from(`line ${index} é€𝄞\n`.repeat(40)));
    model.apply(started('application/x-ndjson'));
    assert.equal(model.openingText(), `// ${HEADER}\n`);
    feed(model, chunks(pieces.slice(0, 100)));
    const first = model.update()!;
    assert.equal(first.header, undefined);
    assert.equal(first.tailShown, '');
    assert.equal(first.end, Buffer.concat(pieces.slice(0, 100)).toString('utf8'));
    model.commit(first);
    assert.equal(model.update(), undefined, 'nothing new: no update');
    assert.equal(model.hasUpdate, false);
    feed(model, chunks(pieces.slice(100)));
    model.apply(complete(Buffer.concat(pieces).byteLength, pieces.length));
    const second = model.update()!;
    assert.ok(second.end.startsWith(Buffer.concat(pieces.slice(100)).toString('utf8')), 'only the new output');
    assert.match(second.end, /\n\/\/ ── completed[^\n]*\n$/);
    model.commit(second);
    assert.equal(model.hasUpdate, false);
  });

  it('offers an update that was not applied again, grown, and ignores a stale commit', () => {
    const model = new ResponseText(description);
    model.apply(started());
    const text = model.openingText();
    feed(model, chunks([Buffer.from('one\n')]));
    const refused = model.update()!;
    model.apply({ type: 'chunk', bytes: Buffer.from('two\n'), text: 'two\n', index: 1, offset: 4, atMs: 11 });
    const again = model.update()!;
    assert.equal(again.end, 'one\ntwo\n');
    model.commit(refused);
    assert.equal(model.hasUpdate, true, 'a commit of an update no longer offered takes nothing');
    model.commit(again);
    assert.equal(applyDocumentUpdate(text, again), `// ${HEADER}\none\ntwo\n`);
  });

  it('shows a character split across updates whole, and an output cut inside one with U+FFFD at its end', () => {
    const bytes = Buffer.from('a🎉b€', 'utf8');
    const model = new ResponseText(description);
    model.apply(started());
    shown(model);
    for (const event of chunks(Array.from(bytes, (byte) => Uint8Array.of(byte)))) {
      model.apply(event);
      shown(model);
    }
    assert.equal(bodyOf(model), 'a🎉b€');
    const cut = new ResponseText(description);
    cut.apply(started());
    shown(cut);
    cut.apply({ type: 'chunk', bytes: Buffer.from([0x61, 0xe2, 0x82]), text: 'a', index: 0, offset: 0, atMs: 1 });
    assert.equal(shown(cut), `// ${HEADER}\na`);
    cut.apply({ type: 'chunk', bytes: new Uint8Array(0), text: '\ufffd', index: 1, offset: 3, atMs: 2 });
    cut.apply(complete(3, 1));
    assert.ok(shown(cut).startsWith(`// ${HEADER}\na\ufffd\n// ── completed`), shown(cut));
  });

  it('rewrites only the header when the prelude or the language changes it after output was shown', () => {
    const model = new ResponseText(description);
    model.apply(started('application/vnd.awslambda.http-integration-response'));
    shown(model);
    model.apply({
      type: 'httpPrelude',
      statusCode: 200,
      headers: { 'Content-Type': 'text/html' },
      cookies: [],
      raw: '{}',
    });
    feed(model, chunks([Buffer.from('<p>hi</p>\n')]));
    const update = model.update()!;
    assert.deepEqual(update.header, {
      shown: `// ${HEADER}\n`,
      text: `<!-- ${HEADER} -->\n<!-- HTTP 200 -->\n<!-- Content-Type: text/html -->\n`,
    });
    assert.equal(update.end, '<p>hi</p>\n');
  });

  it('never holds binary output as text: it says how many bytes there are', () => {
    const model = new ResponseText(description);
    feed(model, [started('image/png'), ...chunks([Uint8Array.of(0x89, 0x50, 0x4e, 0x47), new Uint8Array(1000)], true)]);
    assert.equal(model.isBinary, true);
    assert.equal(bodyOf(model), '');
    assert.match(
      shown(model),
      /── binary output: 1,004 bytes \(image\/png\), not shown as text\. Save Output As… writes the bytes exactly\./,
    );
  });

  it('keeps the partial output above a function failure, with its error code and details', () => {
    const model = new ResponseText(description);
    feed(model, [started(), ...chunks([Buffer.from('row 1\n'), Buffer.from('row 2')])]);
    model.apply(complete(11, 2, { errorCode: 'Error', errorDetails: 'boom at row 2' }));
    const text = shown(model);
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
      shown(model).endsWith(
        'partial\n// ── cancelled after 7 bytes in 1 chunk. The function may keep running in Lambda, and it is billed until it ends.\n// ── log tail ──\n// START\n// END\n',
      ),
    );
  });

  it('updates 100,000 tiny chunks in linear time', () => {
    const model = new ResponseText(description);
    model.apply(started());
    const piece = Buffer.from('tok ');
    for (let index = 0; index < 100_000; index++) {
      model.apply({ type: 'chunk', bytes: piece, text: 'tok ', index, offset: index * 4, atMs: index });
      if (index % 1000 === 0) shown(model);
    }
    assert.equal(bodyOf(model).length, 400_000);
  });
});

describe('core/response/responseText helpers', () => {
  it('annotate uses the language comment syntax and keeps HTML comments closed', () => {
    assert.equal(annotate(['a'], 'json'), '// a\n');
    assert.equal(annotate(['a --> b'], 'markdown'), '<!-- a ‐‐> b -->\n');
    assert.equal(annotate([], 'plaintext'), '');
  });
});
