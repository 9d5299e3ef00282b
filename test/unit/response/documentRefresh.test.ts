import * as assert from 'node:assert/strict';
import {
  documentRefreshIntervalMs,
  RESEND_CHARS_PER_SECOND,
  ShownRevision,
} from '../../../src/core/response/documentRefresh';
import { DEFAULT_UPDATE_INTERVAL_MS } from '../../../src/core/response/updateBatcher';

describe('response/documentRefresh: when a live document is re-sent', () => {
  it('refreshes ~30 times a second for small documents, and more rarely as the text grows', () => {
    assert.equal(documentRefreshIntervalMs(0), DEFAULT_UPDATE_INTERVAL_MS);
    assert.equal(documentRefreshIntervalMs(100_000), DEFAULT_UPDATE_INTERVAL_MS);
    assert.equal(documentRefreshIntervalMs(RESEND_CHARS_PER_SECOND), 1000);
    assert.equal(documentRefreshIntervalMs(RESEND_CHARS_PER_SECOND * 3), 3000);
  });

  it('shows a revision once: an unchanged model re-sends nothing', () => {
    const shown = new ShownRevision();
    assert.equal(shown.advance(0), true);
    assert.equal(shown.advance(0), false);
    assert.equal(shown.advance(1), true);
    assert.equal(shown.advance(1), false);
  });
});
