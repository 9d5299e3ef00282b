/**
 * Every `contextValue` a Functions-view item can carry, in one place: the `when` clauses of package.json's menus test
 * these strings (`viewItem == function.url`, `viewItem =~ /^connection\.local/`), and a unit test checks each clause
 * against this table, so a renamed value cannot silently drop a menu. No `vscode` import: the test reads it in Node.
 */
export const ContextValues = {
  message: 'message',
  loadMore: 'loadMore',
  profile: 'connection.profile',
  profileSso: 'connection.profile.sso',
  region: 'region',
  customEndpoint: 'connection.custom',
  function: 'function',
  functionWithUrl: 'function.url',
  qualifierLatest: 'qualifier.latest',
  qualifierAlias: 'qualifier.alias',
  qualifierVersion: 'qualifier.version',
  localStopped: 'connection.local.stopped',
  localStarting: 'connection.local.starting',
  localRunning: 'connection.local.running',
  localFailed: 'connection.local.failed',
} as const;

export type ContextValue = (typeof ContextValues)[keyof typeof ContextValues];

/** Items that have no menu on purpose: a message, or the "Load more" row. */
export const CONTEXT_VALUES_WITHOUT_MENU: readonly ContextValue[] = [ContextValues.message, ContextValues.loadMore];

/** The value of a qualifier node. */
export function qualifierContextValue(kind: 'latest' | 'alias' | 'version'): ContextValue {
  return kind === 'latest'
    ? ContextValues.qualifierLatest
    : kind === 'alias'
      ? ContextValues.qualifierAlias
      : ContextValues.qualifierVersion;
}

/** The value of the Local connection's node in each state of its endpoint. */
export function localContextValue(status: 'stopped' | 'starting' | 'running' | 'failed'): ContextValue {
  switch (status) {
    case 'stopped':
      return ContextValues.localStopped;
    case 'starting':
      return ContextValues.localStarting;
    case 'running':
      return ContextValues.localRunning;
    case 'failed':
      return ContextValues.localFailed;
  }
}
