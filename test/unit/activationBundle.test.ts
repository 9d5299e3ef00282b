/**
 * Activation registers and loads nothing else (issue 18: activate_ms). The activation bundle, built as the .vsix
 * ships it, holds only the shell's own small modules; dist/extension.js, loaded in plain Node against a stand-in
 * `vscode`, registers every command the manifest contributes, the Functions view and the providers, without loading
 * dist/features.js; the first command call loads the features and reaches its handler.
 */
import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import Module from 'node:module';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const root = path.join(__dirname, '../../..');

/** The source files the activation bundle may contain: the shell and what it needs to register. */
const SHELL_MODULES = [
  'src/extension.ts',
  'src/constants.ts',
  'src/extension/featureTriggers.ts',
  'src/extension/config.ts',
  'src/extension/connectionChoice.ts',
  'src/extension/guard.ts',
  'src/extension/reportFailure.ts',
  'src/extension/tree/connectionStatus.ts',
  'src/extension/invoke/memoryKeys.ts',
  'src/core/errors/redaction.ts',
];

describe('the activation bundle', function () {
  this.timeout(60_000);

  it('holds only the activation shell (no SDK, tree, engine, emulator client or parser), in a few KiB', async () => {
    const result = await esbuild.build({
      entryPoints: [path.join(root, 'src/extension.ts')],
      bundle: true,
      platform: 'node',
      target: 'node20',
      format: 'cjs',
      external: ['vscode'],
      mainFields: ['module', 'main'],
      minify: true,
      write: false,
      metafile: true,
      outfile: path.join(root, 'dist/extension.js'),
      logLevel: 'silent',
    });
    const inputs = Object.keys(result.metafile.inputs).map((input) => path.relative(root, path.resolve(root, input)));
    assert.deepEqual(
      inputs.filter((input) => !SHELL_MODULES.includes(input)),
      [],
      'modules beyond the activation shell',
    );
    const kib = result.outputFiles[0].contents.byteLength / 1024;
    assert.ok(kib < 16, `the activation bundle is ${kib.toFixed(1)} KiB`);
  });

  describe('dist/extension.js against a stand-in vscode', () => {
    const extensionFile = path.join(root, 'dist/extension.js');
    const featuresFile = path.join(root, 'dist/features.js');
    const manifest = JSON.parse(fs.readFileSync(path.join(root, 'package.json'), 'utf8'));
    let fake: ReturnType<typeof standInVscode>;
    let restore: () => void;
    let context: { subscriptions: { dispose(): void }[] } & Record<string, unknown>;

    before(() => {
      fake = standInVscode();
      restore = provideModule('vscode', fake.api);
      for (const file of [extensionFile, featuresFile]) delete require.cache[file];
      // eslint-disable-next-line @typescript-eslint/no-require-imports -- the bundle as VS Code loads it
      const extension = require(extensionFile) as { activate(context: unknown): void };
      const memento = { get: () => undefined, update: async () => undefined, keys: () => [] };
      context = {
        subscriptions: [],
        extension: { packageJSON: manifest },
        extensionPath: root,
        extensionUri: fake.api.Uri.file(root),
        globalState: memento,
        workspaceState: memento,
        globalStorageUri: fake.api.Uri.file(path.join(root, 'dist', 'test-storage')),
      };
      extension.activate(context);
    });

    after(() => {
      for (const subscription of context.subscriptions) subscription.dispose?.();
      restore();
      for (const file of [extensionFile, featuresFile]) delete require.cache[file];
    });

    it('registers every contributed command, the Functions view and the providers at activation', () => {
      assert.deepEqual(fake.errors, []);
      const contributed = (manifest.contributes.commands as { command: string }[]).map((entry) => entry.command);
      assert.deepEqual([...fake.commands.keys()].sort(), [...contributed].sort());
      assert.deepEqual(fake.treeViews, ['lambdaStream.functions']);
      assert.deepEqual(fake.contentSchemes, ['lambda-stream']);
      assert.deepEqual(fake.providers.sort(), ['codeActions', 'codeLens', 'codeLens', 'completion', 'hover']);
    });

    it('loads nothing of the features while activating', () => {
      assert.equal(require.cache[featuresFile], undefined, 'dist/features.js was loaded at activation');
    });

    it('loads the features on the first command and runs its handler', async () => {
      await fake.commands.get('lambdaStream.showLog')!();
      assert.ok(require.cache[featuresFile], 'dist/features.js was not loaded by the first command');
      assert.equal(fake.logShown, 1);
      assert.deepEqual(fake.errors, []);
    });
  });
});

/** Makes `require(name)` return `exports` until the returned function is called. */
function provideModule(name: string, exports: unknown): () => void {
  const loader = Module as unknown as { _resolveFilename(request: string, ...rest: unknown[]): string };
  const original = loader._resolveFilename;
  loader._resolveFilename = function (request: string, ...rest: unknown[]) {
    return request === name ? name : original.call(this, request, ...rest);
  };
  require.cache[name] = { id: name, filename: name, loaded: true, exports } as NodeJS.Module;
  return () => {
    loader._resolveFilename = original;
    delete require.cache[name];
  };
}

/**
 * A `vscode` in which every API exists: named parts record what the extension registers, everything else is an
 * inert callable object (any property, call or `new` gives another), enough to build the features in plain Node.
 */
function standInVscode() {
  const commands = new Map<string, (...args: unknown[]) => unknown>();
  const treeViews: string[] = [];
  const contentSchemes: string[] = [];
  const providers: string[] = [];
  const errors: string[] = [];
  const state = { logShown: 0 };
  const inert = (): unknown =>
    new Proxy<Record<string | symbol, unknown>>(function () {} as unknown as Record<string | symbol, unknown>, {
      get: (target, key) => {
        if (key === 'then') return undefined;
        if (key === Symbol.toPrimitive) return () => '';
        if (key === Symbol.iterator) return [][Symbol.iterator].bind([]);
        return (target[key] ??= inert());
      },
      set: (target, key, value) => Reflect.defineProperty(target, key, { value, writable: true, configurable: true }),
      apply: () => inert(),
      construct: () => inert() as object,
    });
  const disposable = () => ({ dispose() {} });
  class EventEmitter<T> {
    private listeners: ((value: T) => void)[] = [];
    readonly event = (listener: (value: T) => void) => {
      this.listeners.push(listener);
      return disposable();
    };
    fire(value: T) {
      for (const listener of this.listeners) listener(value);
    }
    dispose() {
      this.listeners = [];
    }
  }
  const uri = (fsPath: string) => ({ scheme: 'file', fsPath, path: fsPath, toString: () => `file://${fsPath}` });
  const named: Record<string, unknown> = {
    EventEmitter,
    Disposable: Object.assign(function () {}, { from: () => disposable() }),
    Uri: {
      file: uri,
      joinPath: (base: { fsPath: string }, ...parts: string[]) => uri(path.join(base.fsPath, ...parts)),
    },
    version: 'stand-in',
    commands: {
      registerCommand: (id: string, handler: (...args: unknown[]) => unknown) => {
        commands.set(id, handler);
        return disposable();
      },
      executeCommand: async () => undefined,
    },
    window: new Proxy(
      {
        createOutputChannel: () =>
          new Proxy(
            { show: () => state.logShown++, error: (text: string) => errors.push(text) } as Record<
              string | symbol,
              unknown
            >,
            {
              get: (target, key) => (target[key] ??= inert()),
            },
          ),
        createTreeView: (id: string) => {
          treeViews.push(id);
          return inert();
        },
        showErrorMessage: async (message: string) => {
          errors.push(message);
          return undefined;
        },
      } as Record<string | symbol, unknown>,
      { get: (target, key) => (target[key] ??= inert()) },
    ),
    workspace: new Proxy(
      {
        registerTextDocumentContentProvider: (scheme: string) => {
          contentSchemes.push(scheme);
          return disposable();
        },
        textDocuments: [],
        workspaceFolders: [],
        isTrusted: true,
        getConfiguration: () => ({ get: () => undefined }),
      } as Record<string | symbol, unknown>,
      { get: (target, key) => (target[key] ??= inert()) },
    ),
    languages: new Proxy(
      Object.fromEntries(
        Object.entries({
          registerCodeLensProvider: 'codeLens',
          registerCodeActionsProvider: 'codeActions',
          registerCompletionItemProvider: 'completion',
          registerHoverProvider: 'hover',
        }).map(([register, kind]) => [
          register,
          () => {
            providers.push(kind);
            return disposable();
          },
        ]),
      ) as Record<string | symbol, unknown>,
      { get: (target, key) => (target[key] ??= inert()) },
    ),
  };
  // esbuild's CommonJS interop copies a module's own properties and keeps its prototype: the rest comes from there.
  const others = new Proxy({} as Record<string | symbol, unknown>, {
    get: (target, key) => (typeof key === 'symbol' || key === 'then' ? undefined : (target[key] ??= inert())),
  });
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  const api = Object.assign(Object.create(others), named) as Record<string, any>;
  return {
    api,
    commands,
    treeViews,
    contentSchemes,
    providers,
    errors,
    get logShown() {
      return state.logShown;
    },
  };
}
