import * as assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CONTEXT_VALUES_WITHOUT_MENU, ContextValues } from '../../src/extension/tree/contextValues';

/** Every `when` clause in package.json's contributions (menus, keybindings, views), with where it is. */
function whenClauses(): { where: string; when: string }[] {
  const manifest = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8')) as {
    contributes: Record<string, unknown>;
  };
  const found: { where: string; when: string }[] = [];
  const walk = (value: unknown, where: string): void => {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, `${where}[${index}]`));
    else if (value && typeof value === 'object') {
      for (const [key, inner] of Object.entries(value)) {
        if (key === 'when' && typeof inner === 'string') found.push({ where, when: inner });
        else walk(inner, `${where}.${key}`);
      }
    }
  };
  walk(manifest.contributes, 'contributes');
  return found;
}

/** The `viewItem` tests of a clause: `viewItem == x` as a value, `viewItem =~ /re/` as a regular expression. */
function viewItemTests(when: string): ({ equals: string } | { matches: RegExp })[] {
  const tests: ({ equals: string } | { matches: RegExp })[] = [];
  for (const match of when.matchAll(/viewItem\s*==\s*([\w.-]+)/g)) tests.push({ equals: match[1] });
  for (const match of when.matchAll(/viewItem\s*=~\s*\/((?:\\\/|[^/])+)\/([a-z]*)/g))
    tests.push({ matches: new RegExp(match[1], match[2]) });
  return tests;
}

/** The alternatives of an exact list `^(a|b\.(c|d))$`, each as its own exact pattern; other patterns as they are. */
function alternatives(pattern: RegExp): RegExp[] {
  const exact = /^\^\((.*)\)\$$/.exec(pattern.source);
  if (!exact) return [pattern];
  const parts: string[] = [];
  let depth = 0;
  let current = '';
  for (const char of exact[1]) {
    if (char === '|' && depth === 0) {
      parts.push(current);
      current = '';
      continue;
    }
    if (char === '(') depth++;
    if (char === ')') depth--;
    current += char;
  }
  parts.push(current);
  return parts.map((part) => new RegExp(`^${part}$`, pattern.flags));
}

describe('tree/contextValues: every when clause in package.json tests a value the tree gives', () => {
  const values: string[] = Object.values(ContextValues);
  const clauses = whenClauses().filter((clause) => clause.when.includes('viewItem'));

  it('finds the Functions view menus (the test reads the real manifest)', () => {
    assert.ok(clauses.length >= 9, `only ${clauses.length} clauses mention viewItem`);
  });

  it('each `viewItem ==` names a constant and each `viewItem =~` matches at least one', () => {
    for (const { where, when } of clauses) {
      const tests = viewItemTests(when);
      assert.ok(tests.length > 0, `${where}: "${when}" mentions viewItem in a form this test cannot read`);
      for (const test of tests) {
        if ('equals' in test)
          assert.ok(values.includes(test.equals), `${where}: viewItem == ${test.equals} is no context value`);
        else {
          // Each alternative of an exact list must name a value, so a renamed value cannot hide behind another.
          for (const alternative of alternatives(test.matches)) {
            assert.ok(
              values.some((value) => alternative.test(value)),
              `${where}: ${alternative} (in ${test.matches}) matches no context value`,
            );
          }
        }
      }
    }
  });

  it('every constant with a menu is matched by some clause, and those without one are listed as such', () => {
    const matched = (value: string) =>
      clauses.some(({ when }) =>
        viewItemTests(when).some((test) => ('equals' in test ? test.equals === value : test.matches.test(value))),
      );
    for (const value of values) {
      const withoutMenu = (CONTEXT_VALUES_WITHOUT_MENU as readonly string[]).includes(value);
      assert.equal(
        matched(value),
        !withoutMenu,
        withoutMenu
          ? `${value} is listed as having no menu but a clause matches it`
          : `no when clause matches ${value}`,
      );
    }
  });

  it('the values are distinct', () => {
    assert.equal(new Set(values).size, values.length);
  });
});
