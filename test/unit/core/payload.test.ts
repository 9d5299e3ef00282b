import * as assert from 'node:assert/strict';
import { classifyPayloadBytes, MAX_PAYLOAD_BYTES, parsePayload, positionAt } from '../../../src/core/rules/payload';

describe('core/payload', () => {
  it('accepts JSON and keeps the exact bytes', () => {
    const parsed = parsePayload('{"name": "café"}');
    assert.equal(parsed.ok, true);
    if (!parsed.ok) return;
    assert.equal(Buffer.from(parsed.bytes).toString('utf8'), '{"name": "café"}');
    assert.deepEqual(parsed.value, { name: 'café' });
    assert.equal(parsed.empty, false);
  });

  it('treats blank text and no bytes as the empty payload', () => {
    for (const input of ['', '  \n\t', new Uint8Array(0)]) {
      const parsed = parsePayload(input);
      assert.equal(parsed.ok && parsed.empty && parsed.bytes.length === 0, true);
    }
  });

  it('accepts any JSON value, not only objects', () => {
    for (const text of ['"text"', '42', '[1,2]', 'null', 'true']) assert.equal(parsePayload(text).ok, true, text);
  });

  it('reports invalid JSON with exact offsets, lines and columns', () => {
    const parsed = parsePayload('{\n  "a": 1,\n  "b": tru\n}');
    assert.equal(parsed.ok, false);
    if (parsed.ok) return;
    const [first] = parsed.problems;
    assert.equal(first.code, 'InvalidSymbol');
    assert.equal(first.offset, 19);
    assert.equal(first.length, 3);
    assert.equal(first.line, 3);
    assert.equal(first.column, 8);
    assert.equal(first.message, 'Line 3, column 8: this character is not valid JSON here.');
  });

  it('names trailing commas, comments, unclosed strings and a byte order mark', () => {
    const code = (text: string) => {
      const parsed = parsePayload(text);
      return parsed.ok ? 'ok' : parsed.problems[0].code;
    };
    assert.equal(code('{"a": 1,}'), 'PropertyNameExpected');
    assert.equal(code('{"a": 1 // note\n}'), 'InvalidCommentToken');
    assert.equal(code('{"a": "open'), 'UnexpectedEndOfString');
    assert.equal(code('{"a": 1} {"b": 2}'), 'EndOfFileExpected');
    const bom = parsePayload(Buffer.from('\ufeff{"a":1}', 'utf8'));
    assert.equal(bom.ok, false);
    if (!bom.ok) assert.match(bom.problems[0].message, /byte order mark/);
  });

  it('counts columns in UTF-16 units and lines across \\r\\n, \\n and \\r', () => {
    assert.deepEqual(positionAt('a\r\nb\nc\rd', 7), { line: 4, column: 1 });
    assert.deepEqual(positionAt('{"é": x}', 6), { line: 1, column: 7 });
  });

  it('rejects invalid UTF-8 bytes and payloads over 6 MB before parsing', () => {
    const binary = parsePayload(new Uint8Array([0x7b, 0xff, 0x7d]));
    assert.equal(!binary.ok && binary.problems[0].code, 'InvalidUtf8');
    const big = parsePayload(`"${'x'.repeat(MAX_PAYLOAD_BYTES)}"`);
    assert.equal(big.ok, false);
    if (!big.ok) {
      assert.equal(big.problems[0].code, 'PayloadTooLarge');
      assert.equal(big.byteLength, MAX_PAYLOAD_BYTES + 2);
    }
    assert.equal(parsePayload(`"${'x'.repeat(MAX_PAYLOAD_BYTES - 2)}"`).ok, true);
  });

  it("tells a payload file's bytes apart: UTF-8 (and UTF-16 with its BOM) is text, a NUL byte is binary, other bytes are not UTF-8", () => {
    const png = Buffer.from('89504e470d0a1a0a0000000d4948445200000001000000010806000000', 'hex');
    assert.equal(classifyPayloadBytes(png), 'binary');
    assert.equal(classifyPayloadBytes(Buffer.from('{"a": 1}\u0000', 'utf8')), 'binary', 'valid UTF-8 with a NUL byte');
    assert.equal(classifyPayloadBytes(Buffer.from('{"name": "café 🎉"}', 'utf8')), 'text');
    assert.equal(classifyPayloadBytes(Buffer.from('\ufeff{"a": 1}', 'utf8')), 'text', 'UTF-8 with a byte order mark');
    assert.equal(classifyPayloadBytes(new Uint8Array(0)), 'text');
    assert.equal(
      classifyPayloadBytes(Buffer.from('\ufeff{"a": 1}', 'utf16le')),
      'text',
      'UTF-16 LE with its BOM, NUL bytes and all',
    );
    assert.equal(classifyPayloadBytes(Buffer.from('{"name": "café"}', 'latin1')), 'not-utf8');
    assert.equal(classifyPayloadBytes(Buffer.from([0x7b, 0xe2, 0x82])), 'not-utf8', 'a character cut off at the end');
  });
});
