import * as assert from 'node:assert/strict';
import { parsePayload } from '../../../src/core/rules/payload';
import {
  applyTextEdits,
  removeComments,
  removeTrailingCommas,
  wrapAsJsonString,
} from '../../../src/core/rules/payloadFixes';

const fix = (text: string, edits: (text: string) => ReturnType<typeof removeComments>) =>
  applyTextEdits(text, edits(text));

describe('core/payloadFixes: mechanical repairs as minimal edits', () => {
  it('removes trailing commas before } and ], also across comments and line breaks, and nothing else', () => {
    const text = '{\n  "a": [1, 2,],\n  "b": { "c": "x,}", },\n  "d": 3, // last\n}\n';
    const edits = removeTrailingCommas(text);
    assert.equal(edits.length, 3);
    assert.ok(edits.every((edit) => edit.length === 1 && edit.content === ''));
    assert.equal(applyTextEdits(text, edits), '{\n  "a": [1, 2],\n  "b": { "c": "x,}" },\n  "d": 3 // last\n}\n');
  });

  it('removes comments: a comment line goes with its line, a trailing comment with the spaces before it', () => {
    const text =
      '// a sample payload\n{\n  "a": 1, // one\n  /* block\n     comment */\n  "url": "http://x//y",\n  "b": /* inline */ 2\n}\n';
    const fixed = fix(text, removeComments);
    assert.equal(fixed, '{\n  "a": 1,\n  "url": "http://x//y",\n  "b": 2\n}\n');
    assert.ok(parsePayload(fixed).ok);
  });

  it('keeps CRLF line endings when a comment line goes', () => {
    assert.equal(fix('{\r\n  // note\r\n  "a": 1\r\n}\r\n', removeComments), '{\r\n  "a": 1\r\n}\r\n');
  });

  it('wraps plain text as one JSON string, escaping quotes and keeping the final newline outside', () => {
    const fixed = fix('Say "hi"\nand go\n', wrapAsJsonString);
    assert.equal(fixed, '"Say \\"hi\\"\\nand go"\n');
    assert.deepEqual(parsePayload(fixed).ok && (parsePayload(fixed) as { value: unknown }).value, 'Say "hi"\nand go');
  });

  it('finds nothing to change in valid JSON', () => {
    assert.deepEqual(removeTrailingCommas('{"a":[1,2],"b":"x,]"}'), []);
    assert.deepEqual(removeComments('{"a":"// not a comment"}'), []);
  });
});
