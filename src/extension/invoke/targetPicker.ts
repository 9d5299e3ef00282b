/**
 * The quick pick that chooses what to invoke: the current connection's functions, listed page by page while the
 * pick is open, with the aliases and versions of the functions that match what is typed. The target remembered for
 * the payload file comes first, then the last target. Typing a name or ARN that is not listed (no ListFunctions
 * permission, another account) offers to invoke it anyway.
 */
import type { AliasConfiguration, FunctionConfiguration } from '@aws-sdk/client-lambda';
import * as vscode from 'vscode';
import type { Connection } from '../../core/aws/connection';
import { errorMessageWithoutSecrets } from '../../core/errors/redaction';
import { type ConnectionChoice, choiceKey, choiceLabel } from '../connections';
import type { FunctionTarget } from '../targets';

/** Where the pick's lists come from (the Functions view's sources in the extension, fakes in tests). */
export interface FunctionSource {
  functions(connection: Connection): AsyncIterable<FunctionConfiguration>;
  aliases(connection: Connection, functionName: string): AsyncIterable<AliasConfiguration>;
  versions(connection: Connection, functionName: string): AsyncIterable<FunctionConfiguration>;
}

/** What the pick shows: the connection to list, where lists come from, and the targets to offer first. */
export interface TargetPickOptions {
  readonly title: string;
  readonly connection: ConnectionChoice;
  readonly resolve: (choice: ConnectionChoice) => Promise<Connection>;
  readonly sources: FunctionSource;
  /** Offered first: the target last used with this payload file, then the last target of any invocation. */
  readonly remembered?: FunctionTarget;
  readonly last?: FunctionTarget;
  readonly rememberedFor?: string;
}

interface TargetItem extends vscode.QuickPickItem {
  readonly target?: FunctionTarget;
}

/** Aliases and versions are read for at most this many matching functions (one request each). */
const QUALIFIED_FUNCTIONS = 25;
const REFRESH_EVERY = 50;

/** Shows the pick; resolves with the chosen target, or undefined when dismissed. */
export function pickTarget(options: TargetPickOptions): Promise<FunctionTarget | undefined> {
  const pick = vscode.window.createQuickPick<TargetItem>();
  const disposables: vscode.Disposable[] = [pick];
  const functions: FunctionConfiguration[] = [];
  const qualifiers = new Map<string, TargetItem[] | 'loading'>();
  let listing: Connection | undefined;
  let problem: string | undefined;
  let closed = false;
  let qualifierTimer: NodeJS.Timeout | undefined;

  pick.title = options.title;
  pick.placeholder = `Functions on ${choiceLabel(options.connection)}: type to filter, or type a function name or ARN`;
  pick.matchOnDescription = true;
  pick.ignoreFocusOut = true;
  pick.busy = true;

  const render = () => {
    const active = pick.activeItems[0]?.target;
    pick.items = buildItems(options, functions, qualifiers, pick.value, problem);
    const again = active && pick.items.find((item) => item.target && sameTarget(item.target, active));
    if (again) pick.activeItems = [again];
  };
  const loadQualifiers = () => {
    const filter = pick.value.trim().toLowerCase();
    const matching = functions
      .filter((fn) => (fn.FunctionName ?? '').toLowerCase().includes(filter.split(':')[0]))
      .slice(0, QUALIFIED_FUNCTIONS);
    for (const fn of matching) {
      const name = fn.FunctionName ?? '';
      if (!listing || qualifiers.has(name)) continue;
      qualifiers.set(name, 'loading');
      void readQualifiers(options, listing, name).then((items) => {
        qualifiers.set(name, items);
        if (!closed) render();
      });
    }
  };
  const scheduleQualifiers = () => {
    clearTimeout(qualifierTimer);
    qualifierTimer = setTimeout(loadQualifiers, 150);
  };

  pick.onDidChangeValue(
    () => {
      render();
      scheduleQualifiers();
    },
    null,
    disposables,
  );
  render();
  pick.show();

  void (async () => {
    try {
      listing = await options.resolve(options.connection);
      for await (const fn of options.sources.functions(listing)) {
        if (closed) return;
        functions.push(fn);
        if (functions.length % REFRESH_EVERY === 0) render();
      }
    } catch (error) {
      problem = `Could not list the functions: ${errorMessageWithoutSecrets(error)}`;
    }
    if (closed) return;
    functions.sort((a, b) => (a.FunctionName ?? '').localeCompare(b.FunctionName ?? ''));
    pick.busy = false;
    render();
    loadQualifiers();
  })();

  return new Promise((resolve) => {
    const accept = (retry: boolean) => {
      const target = (pick.selectedItems[0] ?? pick.activeItems[0])?.target;
      if (target) {
        resolve(target);
        pick.hide();
      } else if (retry && !closed) {
        // Items are replaced while listings arrive; an Enter pressed just then finds no row. Take the row that is
        // active once the update has landed, so the keypress is not lost.
        setTimeout(() => accept(false), 150);
      }
    };
    pick.onDidAccept(() => accept(true), null, disposables);
    pick.onDidHide(
      () => {
        closed = true;
        clearTimeout(qualifierTimer);
        resolve(undefined);
        for (const disposable of disposables) disposable.dispose();
      },
      null,
      disposables,
    );
  });
}

function buildItems(
  options: TargetPickOptions,
  functions: readonly FunctionConfiguration[],
  qualifiers: ReadonlyMap<string, TargetItem[] | 'loading'>,
  value: string,
  problem: string | undefined,
): TargetItem[] {
  const items: TargetItem[] = [];
  const recent: TargetItem[] = [];
  if (options.remembered)
    recent.push(
      recentItem(
        options.remembered,
        options.rememberedFor ? `last used with ${options.rememberedFor}` : 'last used with this payload',
      ),
    );
  if (options.last && !(options.remembered && sameTarget(options.last, options.remembered)))
    recent.push(recentItem(options.last, 'last target'));
  if (recent.length > 0) items.push({ label: 'recent', kind: vscode.QuickPickItemKind.Separator }, ...recent);
  items.push({ label: choiceLabel(options.connection), kind: vscode.QuickPickItemKind.Separator });
  for (const fn of functions) {
    const name = fn.FunctionName ?? '';
    items.push({
      label: `$(symbol-function) ${name}`,
      description: [fn.Runtime, fn.Description].filter(Boolean).join(' · '),
      target: { connection: options.connection, functionName: name, functionArn: fn.FunctionArn },
    });
    const more = qualifiers.get(name);
    if (Array.isArray(more)) items.push(...more);
  }
  if (problem) items.push({ label: `$(error) ${problem}`, alwaysShow: true });
  const typed = value.trim();
  if (typed && !items.some((item) => item.target && targetText(item.target) === typed)) {
    items.push({
      label: `$(edit) ${typed}`,
      description: 'invoke this name or ARN',
      alwaysShow: true,
      target: parseTyped(options.connection, typed),
    });
  }
  return items;
}

async function readQualifiers(
  options: TargetPickOptions,
  connection: Connection,
  functionName: string,
): Promise<TargetItem[]> {
  const items: TargetItem[] = [];
  const base = { connection: options.connection, functionName };
  try {
    for await (const alias of options.sources.aliases(connection, functionName)) {
      if (!alias.Name) continue;
      items.push({
        label: `$(tag) ${functionName}:${alias.Name}`,
        description: `alias → version ${alias.FunctionVersion ?? '?'}`,
        target: { ...base, qualifier: alias.Name, functionArn: alias.AliasArn },
      });
    }
    for await (const version of options.sources.versions(connection, functionName)) {
      if (!version.Version || version.Version === '$LATEST') continue;
      items.push({
        label: `$(versions) ${functionName}:${version.Version}`,
        description: `version ${version.Version}`,
        target: { ...base, qualifier: version.Version, functionArn: version.FunctionArn },
      });
    }
  } catch {
    // a function whose aliases cannot be read is still invokable unqualified
  }
  return items;
}

function recentItem(target: FunctionTarget, why: string): TargetItem {
  return {
    label: `$(history) ${targetText(target)}`,
    description: `${choiceLabel(target.connection)} · ${why}`,
    target,
  };
}

/** `name:qualifier` as typed; an ARN stays whole (the core reads its qualifier). */
function parseTyped(connection: ConnectionChoice, typed: string): FunctionTarget {
  const colon = typed.lastIndexOf(':');
  if (typed.startsWith('arn:') || colon <= 0) return { connection, functionName: typed };
  return { connection, functionName: typed.slice(0, colon), qualifier: typed.slice(colon + 1) };
}

function targetText(target: FunctionTarget): string {
  return target.qualifier ? `${target.functionName}:${target.qualifier}` : target.functionName;
}

function sameTarget(a: FunctionTarget, b: FunctionTarget): boolean {
  return (
    choiceKey(a.connection) === choiceKey(b.connection) &&
    a.functionName === b.functionName &&
    a.qualifier === b.qualifier
  );
}
