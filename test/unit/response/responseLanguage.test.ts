import * as assert from 'node:assert/strict';
import {
  detectResponseLanguage,
  languageFromContentType,
  SNIFF_CHARS,
} from '../../../src/core/response/responseLanguage';

describe('core/response/responseLanguage', () => {
  it('takes the language from a specific content type, parameters and case ignored', () => {
    assert.equal(languageFromContentType('application/json; charset=utf-8'), 'json');
    assert.equal(languageFromContentType('application/problem+json'), 'json');
    assert.equal(languageFromContentType('application/x-ndjson'), 'jsonl');
    assert.equal(languageFromContentType('application/jsonl'), 'jsonl');
    assert.equal(languageFromContentType('Text/HTML'), 'html');
    assert.equal(languageFromContentType('text/markdown'), 'markdown');
    assert.equal(languageFromContentType('application/atom+xml'), 'xml');
    assert.equal(languageFromContentType('text/event-stream'), 'plaintext');
  });

  it('treats octet-stream, the HTTP integration type and no type as "look at the content"', () => {
    for (const type of [
      undefined,
      '',
      'application/octet-stream',
      'application/vnd.awslambda.http-integration-response',
    ]) {
      assert.equal(languageFromContentType(type), undefined, String(type));
    }
  });

  it('a declared type wins over the content, and is certain at once', () => {
    assert.deepEqual(detectResponseLanguage('text/plain', '{"a":1}', false), { language: 'plaintext', certain: true });
  });

  it('sniffs pretty JSON as JSON, certain once the first line is not a whole value', () => {
    assert.deepEqual(detectResponseLanguage(undefined, '{\n  "a": 1', false), { language: 'json', certain: true });
    assert.deepEqual(detectResponseLanguage(undefined, '  [1, 2', false), { language: 'json', certain: false });
  });

  it('keeps one JSON line uncertain until a second line shows it is JSON Lines', () => {
    assert.deepEqual(detectResponseLanguage(undefined, '{"row":1}\n', false), { language: 'json', certain: false });
    assert.deepEqual(detectResponseLanguage(undefined, '{"row":1}\n{"row"', false), {
      language: 'jsonl',
      certain: true,
    });
    assert.deepEqual(detectResponseLanguage(undefined, '{"row":1}\n', true), { language: 'json', certain: true });
  });

  it('recognises HTML, XML and Markdown', () => {
    assert.equal(detectResponseLanguage(undefined, '<!DOCTYPE html><html>', false).language, 'html');
    assert.equal(detectResponseLanguage(undefined, '<div class="x">hi', true).language, 'html');
    assert.equal(detectResponseLanguage(undefined, '<?xml version="1.0"?><a/>', false).language, 'xml');
    assert.equal(detectResponseLanguage(undefined, 'Intro\n\n## Results\n', false).language, 'markdown');
    assert.equal(detectResponseLanguage(undefined, 'Some **bold** words', false).language, 'markdown');
  });

  it('calls everything else plain text, final once enough text was seen or the output ended', () => {
    assert.deepEqual(detectResponseLanguage(undefined, 'Hello, wor', false), { language: 'plaintext', certain: false });
    assert.deepEqual(detectResponseLanguage(undefined, 'Hello, world', true), { language: 'plaintext', certain: true });
    assert.deepEqual(detectResponseLanguage(undefined, 'x'.repeat(SNIFF_CHARS), false), {
      language: 'plaintext',
      certain: true,
    });
    assert.deepEqual(detectResponseLanguage(undefined, '', false), { language: 'plaintext', certain: false });
  });
});
