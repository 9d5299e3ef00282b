import * as assert from 'node:assert/strict';
import { describe, it } from 'mocha';
import { failureSentence, guard } from '../../src/extension/guard';

describe('extension/guard: a failing command handler is told, never silent', () => {
  function recorder(): { reports: [string, unknown][]; report: (sentence: string, error: unknown) => void } {
    const reports: [string, unknown][] = [];
    return { reports, report: (sentence, error) => reports.push([sentence, error]) };
  }

  it('returns what the handler returns, with its arguments passed through, and reports nothing', async () => {
    const { reports, report } = recorder();
    assert.equal(guard('Add', (a: number, b: number) => a + b, report)(2, 3), 5);
    assert.deepEqual(await guard('Later', async (text: string) => text.toUpperCase(), report)('ok'), 'OK');
    assert.deepEqual(reports, []);
  });

  it('turns a synchronous throw into one report and undefined', () => {
    const { reports, report } = recorder();
    const error = new Error('the tree is not ready');
    const result = guard(
      'Refresh Functions',
      () => {
        throw error;
      },
      report,
    )();
    assert.equal(result, undefined);
    assert.equal(reports.length, 1);
    assert.equal(
      reports[0][0],
      'Lambda Stream: Refresh Functions failed: the tree is not ready. The extension log (Lambda Stream: Show Extension Log) has the details.',
    );
    assert.equal(reports[0][1], error);
  });

  it('turns a rejection into one report and a promise of undefined, never an unhandled rejection', async () => {
    const { reports, report } = recorder();
    const result = await guard('Invoke Function…', () => Promise.reject(new Error('boom.')), report)();
    assert.equal(result, undefined);
    assert.equal(reports.length, 1);
    assert.match(reports[0][0], /^Lambda Stream: Invoke Function… failed: boom\. The extension log/);
  });

  it('masks credentials in the sentence and says something for a value that is not an Error', () => {
    const sentence = failureSentence('Copy ARN', new Error('denied for AKIAABCDEFGHIJKLMNOP'));
    assert.doesNotMatch(sentence, /AKIAABCDEFGHIJKLMNOP/);
    assert.match(sentence, /\[redacted\]/);
    assert.match(failureSentence('activation', ''), /^Lambda Stream: activation failed: an unknown error\./);
  });
});
