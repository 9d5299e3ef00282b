import * as assert from 'node:assert/strict';
import { NoticeGate } from '../../../src/extension/notifications/noticeGate';

describe('invoke/noticeGate: the same cause is shown once', () => {
  it('folds repeats while the first notice is open, and shows again once it was closed', () => {
    const gate = new NoticeGate(60_000, () => 0);
    const first = gate.admit('throttled');
    assert.equal(first.show, true);
    const repeats = [1, 2, 3, 4].map(() => gate.admit('throttled'));
    assert.deepEqual(
      repeats.map((decision) => decision.show),
      [false, false, false, false],
    );
    assert.deepEqual(repeats.at(-1), { show: false, repeats: 4 });
    assert.equal(gate.admit('another cause').show, true);
    if (first.show) first.closed();
    assert.equal(gate.admit('throttled').show, true);
  });

  it('stops folding after the window even if the notice never reported being closed', () => {
    let now = 0;
    const gate = new NoticeGate(1000, () => now);
    assert.equal(gate.admit('k').show, true);
    now = 999;
    assert.equal(gate.admit('k').show, false);
    now = 1000;
    assert.equal(gate.admit('k').show, true);
    assert.deepEqual(gate.openKeys, ['k']);
  });

  it('closing an old notice does not reopen the gate for a newer one with the same key', () => {
    let now = 0;
    const gate = new NoticeGate(1000, () => now);
    const old = gate.admit('k');
    now = 2000;
    gate.admit('k');
    if (old.show) old.closed();
    assert.equal(gate.admit('k').show, false);
  });
});
