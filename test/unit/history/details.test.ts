import * as assert from 'node:assert/strict';
import { ChunkTimeline } from '../../../src/core/response/chunkTimeline';
import { detailsHtml, detailsPolicy, escapeHtml } from '../../../src/extension/history/detailsHtml';
import { detailsModel } from '../../../src/extension/history/detailsModel';
import type { InvocationRecord } from '../../../src/extension/history/invocationRecord';

function record(overrides: Partial<InvocationRecord> = {}): InvocationRecord {
  const timeline = new ChunkTimeline();
  [
    [120, 10],
    [160, 10],
    [1400, 30],
  ].forEach(([at, bytes]) => timeline.record(at, bytes));
  return {
    key: 's-3',
    id: 3,
    target: { connection: { kind: 'local' }, functionName: 'token-stream', qualifier: 'live' },
    targetLabel: 'token-stream:live',
    connectionLabel: 'Local',
    payload: { label: 'payloads/token-stream.json (60 bytes)', text: '{}' },
    choices: { logTail: true, dryRun: false },
    options: '',
    startedAt: Date.UTC(2025, 0, 2, 3, 4, 5),
    status: 'succeeded',
    sentence: 'completed',
    statusCode: 200,
    executedVersion: '2',
    requestId: 'req-1',
    metrics: {
      timeToHeadersMs: 100,
      timeToFirstByteMs: 120,
      durationMs: 1450,
      bytes: 50,
      chunks: 3,
      throughputBytesPerSecond: 39,
    },
    timeline: timeline.snapshot(1450),
    ...overrides,
  };
}

describe('history/details: the Invocation Details page and model', () => {
  it('has a strict CSP: nothing by default, scripts only with the nonce, assets only from the webview source', () => {
    const assets = {
      cspSource: 'https://file+.vscode-resource.example',
      nonce: 'abc123==',
      styleUri: 'https://file+.vscode-resource.example/media/details/details.css',
      scriptUri: 'https://file+.vscode-resource.example/media/details/details.js',
    };
    const policy = detailsPolicy(assets);
    assert.match(policy, /^default-src 'none'; /);
    assert.match(policy, /script-src 'nonce-abc123=='/);
    assert.match(policy, /connect-src 'none'/);
    assert.ok(!/unsafe-inline|unsafe-eval|\*/.test(policy), policy);
    const html = detailsHtml(assets, '<token-stream> #3');
    assert.ok(html.includes(`<meta http-equiv="Content-Security-Policy" content="${escapeHtml(policy)}">`), html);
    assert.match(
      html,
      /<script nonce="abc123==" src="https:\/\/file\+\.vscode-resource\.example\/media\/details\/details\.js"><\/script>/,
    );
    assert.match(html, /<title>&lt;token-stream&gt; #3<\/title>/);
    const urls = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((match) => match[1]);
    assert.ok(
      urls.every((url) => url.startsWith(assets.cspSource)),
      urls.join(', '),
    );
    assert.equal(escapeHtml(`"'<&>`), '&quot;&#39;&lt;&amp;&gt;');
  });

  it('names the metrics, the longest pause and the chart data', () => {
    const model = detailsModel(record());
    assert.equal(model.title, 'token-stream:live #3');
    assert.equal(model.sentence, 'token-stream:live completed.');
    const metrics = Object.fromEntries(model.metrics.map((fact) => [fact.label, fact.value]));
    assert.deepEqual(metrics, {
      'Time to headers': '100 ms',
      'Time to first byte': '120 ms',
      Duration: '1.45 s',
      Output: '50 B (50 bytes)',
      Chunks: '3',
      Throughput: '39 B/s',
      'Longest pause': '1.24 s after chunk 2 (at 160 ms)',
    });
    assert.deepEqual(model.chart.points, [
      [120, 10, 10, 0, 1],
      [160, 20, 10, 1, 1],
      [1400, 50, 30, 2, 1],
    ]);
    assert.equal(model.chart.totalBytes, 50);
    assert.equal(model.chart.endedBadly, false);
    const facts = Object.fromEntries(model.facts.map((fact) => [fact.label, fact.value]));
    assert.equal(facts['Executed version'], '2');
    assert.equal(facts.Payload, 'payloads/token-stream.json (60 bytes)');
  });

  it('marks a failure, keeps its detail, and shows no pause shorter than 50 ms', () => {
    const timeline = new ChunkTimeline();
    timeline.record(10, 1);
    timeline.record(20, 1);
    const model = detailsModel(
      record({
        status: 'functionError',
        sentence: 'rows failed after 2 chunks with Error: boom.',
        detail: 'Error: boom\n    at handler',
        timeline: timeline.snapshot(30),
      }),
    );
    assert.equal(model.sentence, 'rows failed after 2 chunks with Error: boom.');
    assert.equal(model.chart.endedBadly, true);
    assert.equal(model.chart.longestPause, undefined);
    assert.equal(model.detail, 'Error: boom\n    at handler');
  });
});
