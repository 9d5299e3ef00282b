import * as assert from 'node:assert/strict';
import { contentTypeKind, Utf8StreamDecoder } from '../../../src/core/engine/decoder';
import { HttpPreludeSplitter } from '../../../src/core/engine/prelude';
import { decodeLogResult } from '../../../src/core/engine/invocationEvents';

/** Decodes the bytes split at every given offset and returns the pieces of text. */
function decodeSplit(bytes: Buffer, cuts: number[]): (string | undefined)[] {
  const decoder = new Utf8StreamDecoder();
  const bounds = [0, ...cuts, bytes.length];
  return bounds.slice(1).map((end, index) => decoder.decode(bytes.subarray(bounds[index], end)));
}

describe('core/decoder', () => {
  const text = 'aé€𝄞z — ✓';
  const bytes = Buffer.from(text, 'utf8');

  it('never mangles a character split across chunks, at any split point', () => {
    for (let first = 1; first < bytes.length; first++) {
      for (let second = first; second < bytes.length; second++) {
        const pieces = decodeSplit(bytes, [first, second]);
        assert.equal(pieces.join(''), text, `cuts ${first}, ${second}`);
      }
    }
  });

  it('decodes byte by byte', () => {
    const pieces = decodeSplit(
      bytes,
      Array.from({ length: bytes.length - 1 }, (_, index) => index + 1),
    );
    assert.equal(pieces.join(''), text);
    assert.equal(pieces.filter((piece) => piece !== '').length, [...text].length);
  });

  it('turns binary on at a NUL byte or invalid UTF-8, and stays binary', () => {
    const nul = new Utf8StreamDecoder();
    assert.equal(nul.decode(Buffer.from('text ')), 'text ');
    assert.equal(nul.decode(Buffer.from([0x41, 0x00, 0x42])), undefined);
    assert.equal(nul.decode(Buffer.from('more')), undefined);
    assert.equal(nul.binary, true);
    const invalid = new Utf8StreamDecoder();
    assert.equal(invalid.decode(Buffer.from([0xc3])), '');
    assert.equal(invalid.decode(Buffer.from([0x41])), undefined);
    assert.equal(new Utf8StreamDecoder().decode(Buffer.from([0xff, 0x41])), undefined);
    assert.equal(new Utf8StreamDecoder(true).decode(Buffer.from('x')), undefined);
  });

  it('ends an output cut inside a character with U+FFFD, as TextDecoder does, and invalid trailing bytes as binary', () => {
    const cut = new Utf8StreamDecoder();
    assert.equal(cut.decode(Buffer.from('h')), 'h');
    assert.equal(cut.decode(Buffer.from([0xe2, 0x82])), '');
    assert.equal(cut.end(), '\uFFFD');
    assert.equal(cut.binary, false);
    for (const tail of [
      [0xc3],
      [0xe2],
      [0xe2, 0x82],
      [0xf0, 0x9d],
      [0xf0, 0x9d, 0x84],
      [0xed, 0x9f],
      [0xf4, 0x8f, 0xbf],
    ]) {
      const bytes = Buffer.from([0x61, ...tail]);
      const decoder = new Utf8StreamDecoder();
      const text = `${decoder.decode(bytes)}${decoder.end()}`;
      assert.equal(text, new TextDecoder().decode(bytes), `tail ${Buffer.from(tail).toString('hex')}`);
    }
    for (const invalid of [
      [0xe0, 0x80],
      [0xed, 0xa0],
      [0xf0, 0x80],
      [0xf4, 0x90],
    ]) {
      const decoder = new Utf8StreamDecoder();
      assert.equal(decoder.decode(Buffer.from([0x61, ...invalid])), 'a');
      assert.equal(decoder.end(), undefined, Buffer.from(invalid).toString('hex'));
      assert.equal(decoder.binary, true);
    }
    const complete = new Utf8StreamDecoder();
    assert.equal(complete.decode(Buffer.from('ok')), 'ok');
    assert.equal(complete.end(), '');
  });

  it('checks a large chunk at once and makes its text only when asked, equal to the eager text', () => {
    const large = Buffer.from(`${'x'.repeat(200_000)}é${'€'.repeat(100_000)}𝄞`, 'utf8');
    const cuts = [200_000, 200_001, 400_000, large.length - 2];
    const eager = decodeSplit(large, cuts);
    const decoder = new Utf8StreamDecoder();
    const bounds = [0, ...cuts, large.length];
    const deferred = bounds.slice(1).map((end, index) => decoder.decodeDeferred(large.subarray(bounds[index], end)));
    assert.ok(
      deferred.some((text) => typeof text === 'function'),
      'chunks of 128 KiB and more are deferred',
    );
    assert.ok(
      deferred.some((text) => typeof text === 'string'),
      'small chunks are decoded at once',
    );
    assert.deepEqual(
      deferred.map((text) => (typeof text === 'function' ? text() : text)),
      eager,
    );
    assert.equal(eager.join(''), large.toString('utf8'));
    const binary = new Utf8StreamDecoder();
    assert.equal(typeof binary.decodeDeferred(Buffer.alloc(200_000, 0x61)), 'function');
    assert.equal(binary.decodeDeferred(Buffer.concat([Buffer.alloc(200_000, 0x61), Buffer.from([0xff])])), undefined);
    assert.equal(binary.binary, true, 'invalid UTF-8 in a large chunk is found before any text is made');
  });

  it('decodes a chunk that arrived in parts as the same chunk whole, a character cut between parts kept whole', () => {
    const whole = Buffer.from(`ab€${'𝄞'.repeat(3)}c`, 'utf8');
    for (let first = 1; first < whole.length - 1; first++) {
      for (let second = first + 1; second < whole.length; second++) {
        const parts = [whole.subarray(0, first), whole.subarray(first, second), whole.subarray(second)];
        assert.equal(new Utf8StreamDecoder().decodeParts(parts, whole.length), whole.toString('utf8'));
      }
    }
    const large = [Buffer.alloc(100_000, 0x61), Buffer.from('é', 'utf8').subarray(0, 1)];
    const rest = [Buffer.from('é', 'utf8').subarray(1), Buffer.alloc(100_000, 0x62)];
    const decoder = new Utf8StreamDecoder();
    const deferred = decoder.decodeParts(large.concat(rest), 200_002);
    assert.equal(typeof deferred, 'function', 'a chunk of 128 KiB and more in parts is made when read');
    assert.equal((deferred as () => string)(), `${'a'.repeat(100_000)}é${'b'.repeat(100_000)}`);
    const binary = new Utf8StreamDecoder();
    assert.equal(binary.decodeParts([Buffer.from('ok'), Buffer.from([0])], 3), undefined);
    assert.equal(binary.binary, true, 'a NUL byte in any part makes the output binary');
  });

  it('classifies content types', () => {
    assert.equal(contentTypeKind('text/plain; charset=utf-8'), 'text');
    assert.equal(contentTypeKind('application/json'), 'text');
    assert.equal(contentTypeKind('application/problem+json'), 'text');
    assert.equal(contentTypeKind('application/x-ndjson'), 'text');
    assert.equal(contentTypeKind('image/png'), 'binary');
    assert.equal(contentTypeKind('image/svg+xml'), 'text');
    assert.equal(contentTypeKind('application/pdf'), 'binary');
    assert.equal(contentTypeKind('application/octet-stream'), 'unknown');
    assert.equal(contentTypeKind(undefined), 'unknown');
  });
});

describe('core/prelude', () => {
  const prelude = '{"statusCode":404,"headers":{"content-type":["text/plain"],"x-n":1},"cookies":["a=1"]}';
  const stream = Buffer.concat([Buffer.from(prelude), Buffer.alloc(8), Buffer.from('not found')]);

  it('finds a prelude split at any point and strips it', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      const splitter = new HttpPreludeSplitter(undefined);
      const first = splitter.push(stream.subarray(0, cut));
      const second = splitter.push(stream.subarray(cut));
      const found = first.prelude ?? second.prelude;
      assert.equal(found?.statusCode, 404, `cut ${cut}`);
      assert.deepEqual(found?.headers, { 'content-type': 'text/plain', 'x-n': '1' });
      assert.deepEqual(found?.cookies, ['a=1']);
      const output = Buffer.concat([first.output ?? Buffer.alloc(0), second.output ?? Buffer.alloc(0)]);
      assert.equal(output.toString(), 'not found', `cut ${cut}`);
    }
  });

  it('lets ordinary output through at once', () => {
    const plain = new HttpPreludeSplitter(undefined);
    assert.equal(Buffer.from(plain.push(Buffer.from('hello')).output!).toString(), 'hello');
    assert.equal(plain.done, true);
    const json = new HttpPreludeSplitter(undefined);
    assert.equal(Buffer.from(json.push(Buffer.from('{"rows":[')).output!).toString(), '{"rows":[');
  });

  it('holds a possible prelude only until its JSON object closes without the NUL bytes', () => {
    const splitter = new HttpPreludeSplitter(undefined);
    assert.deepEqual(splitter.push(Buffer.from('{"statusCode":200,')), {});
    const step = splitter.push(Buffer.from('"body":"x"}\n'));
    assert.equal(step.prelude, undefined);
    assert.equal(Buffer.from(step.output!).toString(), '{"statusCode":200,"body":"x"}\n');
  });

  it('takes any leading JSON object followed by 8 NUL bytes as the prelude, whatever its keys', () => {
    for (const raw of ['{}', '{"isBase64Encoded":false,"statusCode":202}', '{"multiValueHeaders":{"a":["1"]}}']) {
      const whole = new HttpPreludeSplitter('application/vnd.amazon.eventstream');
      const step = whole.push(Buffer.concat([Buffer.from(raw), Buffer.alloc(8), Buffer.from('body')]));
      assert.equal(step.prelude?.raw, raw);
      assert.equal(Buffer.from(step.output!).toString(), 'body');
      const split = new HttpPreludeSplitter('application/vnd.amazon.eventstream');
      assert.deepEqual(split.push(Buffer.from(raw)), {}, `${raw} is held until the next bytes`);
      const second = split.push(Buffer.concat([Buffer.alloc(8), Buffer.from('body')]));
      assert.equal(second.prelude?.raw, raw);
      assert.equal(Buffer.from(second.output!).toString(), 'body');
    }
  });

  it('releases a closed leading object at once when a byte other than NUL follows it', () => {
    const splitter = new HttpPreludeSplitter(undefined);
    assert.deepEqual(splitter.push(Buffer.from('{"token":"a"}')), {});
    const step = splitter.push(Buffer.from('{"token":"b"}'));
    assert.equal(step.prelude, undefined);
    assert.equal(Buffer.from(step.output!).toString(), '{"token":"a"}{"token":"b"}');
    const nuls = new HttpPreludeSplitter(undefined);
    assert.equal(
      Buffer.from(nuls.push(Buffer.concat([Buffer.from('{"a":1}'), Buffer.alloc(3), Buffer.from('x')])).output!).length,
      11,
    );
  });

  it('accepts any leading JSON object when the content type announces a prelude, and releases held bytes at the end', () => {
    const splitter = new HttpPreludeSplitter('application/vnd.awslambda.http-integration-response');
    const step = splitter.push(Buffer.concat([Buffer.from('{"status":"odd"}'), Buffer.alloc(8), Buffer.from('x')]));
    assert.equal(step.prelude?.raw, '{"status":"odd"}');
    const open = new HttpPreludeSplitter('application/vnd.awslambda.http-integration-response');
    assert.deepEqual(open.push(Buffer.from('{"unclosed":')), {});
    assert.equal(Buffer.from(open.finish()!).toString(), '{"unclosed":');
  });
});

describe('core/logResult', () => {
  const b64 = (text: string) => Buffer.from(text).toString('base64');
  it('decodes a text log tail and the LMI JSON form', () => {
    assert.deepEqual(decodeLogResult(b64('START\nEND\n')), { kind: 'text', text: 'START\nEND\n' });
    assert.deepEqual(decodeLogResult(b64('{"logGroup":"/aws/lambda/f","logStreamName":"2026/11/22/[$LATEST]abc"}')), {
      kind: 'cloudWatch',
      logGroup: '/aws/lambda/f',
      logStreamName: '2026/11/22/[$LATEST]abc',
      raw: '{"logGroup":"/aws/lambda/f","logStreamName":"2026/11/22/[$LATEST]abc"}',
    });
    assert.deepEqual(decodeLogResult(b64('{"level":"info"}')), { kind: 'text', text: '{"level":"info"}' });
    assert.equal(decodeLogResult(undefined), undefined);
    assert.equal(decodeLogResult(''), undefined);
  });
});
