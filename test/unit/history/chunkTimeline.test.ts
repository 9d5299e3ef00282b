import * as assert from 'node:assert/strict';
import { ChunkTimeline, mergePairs } from '../../../src/core/response/chunkTimeline';

describe('core/chunkTimeline: when each chunk arrived, bounded', () => {
  it('records each chunk with its running total and finds the longest pause between chunks', () => {
    const timeline = new ChunkTimeline();
    for (const [at, bytes] of [
      [10, 5],
      [20, 5],
      [1020, 7],
      [1030, 3],
    ])
      timeline.record(at, bytes);
    const data = timeline.snapshot(1040);
    assert.deepEqual(
      data.points.map((point) => [point.atMs, point.total, point.index]),
      [
        [10, 5, 0],
        [20, 10, 1],
        [1020, 17, 2],
        [1030, 20, 3],
      ],
    );
    assert.deepEqual(data.longestGap, { fromMs: 20, toMs: 1020, afterChunk: 1, untilEnd: false });
  });

  it('counts a stall after the last chunk until the end', () => {
    const timeline = new ChunkTimeline();
    timeline.record(5, 10);
    timeline.record(15, 10);
    assert.deepEqual(timeline.snapshot(2015).longestGap, { fromMs: 15, toMs: 2015, afterChunk: 1, untilEnd: true });
    assert.deepEqual(new ChunkTimeline().snapshot(100), { points: [] });
  });

  it('merges neighbours in pairs past its limit, keeping totals, counts and the exact longest pause', () => {
    const timeline = new ChunkTimeline(8);
    for (let index = 0; index < 20; index++)
      timeline.record(index === 13 ? 5000 + index : index * 10 + (index > 13 ? 5000 : 0), 1);
    const data = timeline.snapshot(undefined, 4);
    assert.ok(data.points.length <= 4, `${data.points.length} points`);
    assert.equal(data.points.at(-1)?.total, 20);
    assert.equal(
      data.points.reduce((sum, point) => sum + point.chunks, 0),
      20,
    );
    assert.equal(data.longestGap?.afterChunk, 12);
  });

  it('mergePairs keeps an odd last point as it is', () => {
    const points = [0, 1, 2].map((index) => ({ atMs: index, bytes: 1, total: index + 1, index, chunks: 1 }));
    assert.deepEqual(mergePairs(points), [{ atMs: 1, bytes: 2, total: 2, index: 0, chunks: 2 }, points[2]]);
  });
});
