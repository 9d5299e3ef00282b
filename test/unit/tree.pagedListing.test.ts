import * as assert from 'node:assert/strict';
import { compareNames, nameFilter, PagedListing } from '../../src/extension/tree/pagedListing';

/** A source of `count` names in reverse order that records how many items were read. */
function source(count: number, failAfter?: number) {
  const stats = { read: 0, opened: 0 };
  const open = async function* () {
    stats.opened++;
    for (let index = count; index >= 1; index--) {
      if (failAfter !== undefined && stats.read >= failAfter) throw new Error('AccessDenied');
      stats.read++;
      yield `fn-${index}`;
    }
  };
  return { open, stats };
}

const byName = (name: string) => name;

describe('tree/pagedListing', () => {
  it('reads one page at a time, sorted by name within what is loaded', async () => {
    const { open, stats } = source(120);
    const listing = new PagedListing(open, byName, { pageSize: 50, scanLimit: 500 });
    const first = await listing.load();
    assert.equal(first.items.length, 50);
    assert.equal(stats.read, 50);
    assert.equal(first.hasMore, true);
    assert.deepEqual(first.items.slice(0, 3), ['fn-71', 'fn-72', 'fn-73']);

    listing.requestMore();
    const second = await listing.load();
    assert.equal(second.items.length, 100);
    assert.equal(second.items[0], 'fn-21');

    listing.requestMore();
    const third = await listing.load();
    assert.equal(third.items.length, 120);
    assert.equal(third.hasMore, false);
    assert.equal(third.items[0], 'fn-1');
    assert.equal(third.items[119], 'fn-120');
    assert.equal(stats.opened, 1);
  });

  it('does not read again when a node is rendered again', async () => {
    const { open, stats } = source(120);
    const listing = new PagedListing(open, byName, { pageSize: 50, scanLimit: 500 });
    await listing.load();
    await listing.load();
    assert.equal(stats.read, 50);
  });

  it('serialises concurrent loads so a page is never read twice', async () => {
    const { open, stats } = source(80);
    const listing = new PagedListing(open, byName, { pageSize: 50, scanLimit: 500 });
    const [a, b] = await Promise.all([listing.load(), listing.load()]);
    assert.equal(a.items.length, 50);
    assert.deepEqual(a.items, b.items);
    assert.equal(stats.read, 50);
  });

  it('filters what is loaded and reads on until a page of matches, up to the scan limit', async () => {
    const { open, stats } = source(2000);
    const listing = new PagedListing(open, byName, { pageSize: 5, scanLimit: 300 });
    const matches = nameFilter<string>('7', byName);
    const view = await listing.load(matches);
    assert.equal(view.items.length, 5);
    assert.ok(view.items.every((name) => name.includes('7')));
    const readForFirstPage = stats.read;

    const rare = nameFilter<string>('1999', byName);
    listing.resetPages();
    const scanned = await listing.load(rare);
    assert.deepEqual(scanned.items, ['fn-1999']);
    assert.equal(scanned.hasMore, true);
    const readAfterFirst = stats.read;
    assert.ok(readAfterFirst <= readForFirstPage + 300, `read ${readAfterFirst}`);

    const none = nameFilter<string>('no-such', byName);
    listing.resetPages();
    const empty = await listing.load(none);
    assert.deepEqual(empty.items, []);
    assert.equal(empty.hasMore, true);
    assert.equal(stats.read, readAfterFirst + 300, 'one scan limit per load');
    await listing.load(none);
    assert.equal(stats.read, readAfterFirst + 300, 'a re-render does not scan again until more is asked for');
    listing.requestMore();
    await listing.load(none);
    assert.equal(stats.read, readAfterFirst + 600);
  });

  it('keeps the items read before a failure and reports the failure', async () => {
    const { open } = source(100, 60);
    const listing = new PagedListing(open, byName, { pageSize: 50, scanLimit: 500 });
    assert.equal((await listing.load()).error, undefined);
    listing.requestMore();
    const view = await listing.load();
    assert.equal(view.items.length, 60);
    assert.equal(view.hasMore, false);
    assert.match(String(view.error), /AccessDenied/);
  });

  it('compares names case-insensitively with numbers as numbers', () => {
    assert.deepEqual(['fn-10', 'Beta', 'fn-2', 'alpha'].sort(compareNames), ['alpha', 'Beta', 'fn-2', 'fn-10']);
  });
});
