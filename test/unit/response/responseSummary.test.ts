import * as assert from 'node:assert/strict';
import { formatCount, groupThousands } from '../../../src/core/response/responseSummary';

describe('core/response/responseSummary counts', () => {
  it('groups the digits of whole numbers as en-US does', () => {
    for (const count of [0, 7, 999, 1000, 12_345, 999_999, 1_000_000, 104_857_600, -1234, Number.MAX_SAFE_INTEGER])
      assert.equal(groupThousands(count), count.toLocaleString('en-US'), String(count));
  });

  it('leaves other numbers as they are rather than grouping a fraction', () => {
    assert.equal(groupThousands(1234.5), '1234.5');
    assert.equal(groupThousands(Number.NaN), 'NaN');
  });

  it('names the unit in the singular for one only', () => {
    assert.equal(formatCount(1, 'chunk'), '1 chunk');
    assert.equal(formatCount(0, 'chunk'), '0 chunks');
    assert.equal(formatCount(31_457_280, 'byte'), '31,457,280 bytes');
  });
});
