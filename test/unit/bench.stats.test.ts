import * as assert from 'node:assert/strict';
import { cell, otherFiguresTable, shapeTable } from '../../bench/harness/report';
import { BenchResults } from '../../bench/harness/results';
import { slowStampCauses } from '../../bench/screen/protocol';
import { median, percentile, rotation, roundFigure, summarize } from '../../bench/harness/stats';
import { benchTargets, targetStatus } from '../../bench/harness/targets';

describe('bench statistics', () => {
  it('takes the median of odd and even counts without reordering the input', () => {
    const values = [5, 1, 4, 2, 3];
    assert.equal(median(values), 3);
    assert.deepEqual(values, [5, 1, 4, 2, 3]);
    assert.equal(median([4, 1, 3, 2]), 2.5);
    assert.throws(() => median([]));
  });

  it('uses nearest-rank percentiles, so p99 of 200 samples is the second largest', () => {
    const samples = Array.from({ length: 200 }, (_, index) => index + 1);
    assert.equal(percentile(samples, 99), 198);
    assert.equal(percentile(samples, 50), 100);
    assert.equal(percentile([7], 99), 7);
    assert.equal(percentile([3, 1, 2], 0), 1);
    assert.throws(() => percentile([1], 101));
  });

  it('summarizes runs as median, min and max, ignoring failed (non-finite) runs', () => {
    assert.deepEqual(summarize([3, Number.NaN, 1, 2, 9, 4], 'ms'), { median: 3, min: 1, max: 9, unit: 'ms', runs: 5 });
    assert.throws(() => summarize([Number.NaN], 'ms'));
  });

  it('rotates the contender order by one each round, so each runs first once', () => {
    const order = ['raw', 'sdk', 'core'];
    assert.deepEqual(
      [0, 1, 2, 3].map((round) => rotation(order, round)[0]),
      ['raw', 'sdk', 'core', 'raw'],
    );
    assert.deepEqual(rotation(order, 1), ['sdk', 'core', 'raw']);
    assert.deepEqual(rotation([], 3), []);
  });

  it('rounds to three significant digits below 100 and to whole numbers above', () => {
    assert.equal(roundFigure(0.85432), 0.854);
    assert.equal(roundFigure(7.256), 7.26);
    assert.equal(roundFigure(1234.6), 1235);
    assert.equal(roundFigure(0), 0);
  });
});

describe('bench results and report', () => {
  function sample(): BenchResults {
    const results = new BenchResults();
    for (const [raw, core, boto] of [
      [1000, 900, 800],
      [1100, 930, 700],
      [900, 800, 820],
      [1000, 880, 790],
      [1050, 950, 805],
    ]) {
      results.add('throughput.raw.64k', raw, 'MB/s');
      results.add('throughput.core.64k', core, 'MB/s');
      results.add('ratio.core_raw.64k', core / raw, '×');
      results.add('rss_mb.core.64k', 50, 'MiB');
      results.add('rss_mb.document.64k', 300 + boto / 100, 'MiB');
      results.add('rss_mb.botocore.64k', boto / 20, 'MiB');
    }
    return results;
  }

  it('refuses to mix units under one figure name', () => {
    const results = new BenchResults();
    results.add('x', 1, 'ms');
    assert.throws(() => results.add('x', 1, 's'));
  });

  it('checks targets on medians: PASS, MISS, or n/a when a figure is missing', () => {
    const figures = sample().figures();
    const targets = benchTargets(128, 400);
    const status = (figure: string) =>
      targetStatus(
        targets.find((target) => target.figure === figure)!,
        figures,
      );
    assert.equal(status('ratio.core_raw.64k'), 'PASS');
    assert.equal(status('rss_mb.document.64k'), 'MISS');
    assert.equal(status('screen_ms.p50'), 'n/a');
  });

  it('prints a cell as median [min–max], and one number when the runs agree', () => {
    assert.equal(cell({ median: 900, min: 800, max: 950, unit: 'MB/s', runs: 5 }), '900 [800–950]');
    assert.equal(cell({ median: 594.2, min: 594.2, max: 594.2, unit: 'KiB', runs: 1 }), '594');
    assert.equal(cell(undefined), '–');
  });

  it('puts per-shape figures in the shape matrix and the rest in the flat table', () => {
    const figures = sample().figures();
    const matrix = shapeTable(figures, '64k');
    assert.match(matrix, /\| core \(direct decoder, null sink\) \| 900 \[800–950\] \| 0\.889/);
    assert.doesNotMatch(matrix, /botocore/, 'a contender without throughput has no row');
    const flat = otherFiguresTable(figures);
    assert.match(flat, /`ratio\.core_raw\.64k`/);
    assert.doesNotMatch(flat, /`throughput\.core\.64k`/);
  });

  it('explains the slow stamps of the measured runs by what was busy between their write and their paint', () => {
    const stamp = (run: string, index: number, writtenAt: number, paintedAt: number) => ({
      run,
      index,
      writtenAt,
      insertedAt: paintedAt - 5,
      paintedAt,
    });
    const sightings = [
      stamp('warmup', 0, 0, 500), // not a measured run
      stamp('r1', 0, 1000, 1030), // fast
      stamp('r1', 1, 1100, 1200), // slow, a long task of the window at 1150
      stamp('r1', 2, 1300, 1400), // slow, the host stalled 1290–1310
      stamp('r1', 3, 1500, 1600), // slow, both
      stamp('r1', 4, 1700, 1800), // slow, nothing recorded
      stamp('r1', 5, 1900, 1960), // exactly at the limit: not slow
    ];
    const windowBusy = [
      { at: 1150, ms: 60 },
      { at: 1550, ms: 50 },
      { at: 1810, ms: 70 }, // after stamp 4 was painted
    ];
    const hostBusy = [
      { at: 1290, ms: 20 },
      { at: 1590, ms: 25 },
      { at: 1650, ms: 30 }, // between stamps 3 and 4: under neither
    ];
    assert.deepEqual(slowStampCauses(sightings, new Set(['r1']), 60, windowBusy, hostBusy), {
      slow: 4,
      window: 2,
      host: 2,
      neither: 1,
    });
  });
});
