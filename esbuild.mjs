// Builds every bundle lambda-stream ships or tests with:
//   node esbuild.mjs               development build (sourcemaps), shipped bundles and test bundles
//   node esbuild.mjs --production  minified, no sourcemaps, shipped bundles only (what `npm run package` puts in the .vsix)
//   node esbuild.mjs --watch       rebuild on change
// Type checking is `tsc --noEmit` (npm run typecheck); esbuild only strips types.
// Each entry builds on its own, so one broken test file does not stop the others from building; the exit code
// is non-zero when any entry failed.
import * as esbuild from 'esbuild';
import { chmodSync, cpSync, existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = import.meta.dirname;

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
  // jsonc-parser's `main` is a UMD build whose dynamic requires esbuild cannot follow; its ESM build bundles cleanly.
  mainFields: ['module', 'main'],
  logLevel: 'warning',
  minify: production,
  outdir: join(root, 'dist'),
};

/**
 * The AWS SDK modules the core loads on first use (src/core/aws/sdk.ts, profiles.ts) go into one bundle of their own,
 * dist/vendor/aws.js, which the extension and the CLI `require` only when they first talk to AWS or Local. In the
 * same file they cost every start: V8 compiles a whole script before running any of it, and the SDK is over half of
 * the extension (`npm run bench`: activate_ms, bundle_kb). One file for all of them, so that the SDK's shared
 * @smithy and @aws-sdk packages exist once.
 */
const VENDOR = {
  '@aws-sdk/client-lambda': 'lambda',
  '@aws-sdk/credential-providers': 'credentialProviders',
  '@smithy/core/config': 'sharedConfig',
};
const vendorBundle = {
  ...common,
  stdin: {
    contents: Object.entries(VENDOR)
      .map(([module, name]) => `export * as ${name} from ${JSON.stringify(module)};`)
      .join('\n'),
    resolveDir: root,
    sourcefile: 'vendor-aws.js',
  },
  outfile: join(root, 'dist/vendor/aws.js'),
  outdir: undefined,
  // Minified in every build: nobody steps through the SDK, and its source text is what each first use reads,
  // compiles and collects (`npm run bench`: cli.first_chunk_ms); the source map still names its frames.
  minify: true,
  sourcemap: production ? false : 'linked',
  plugins: [requireBuiltins()],
};

/**
 * The SDK loads a few Node built-ins with `import("node:http")`, which esbuild keeps as is. The CLI compiles the
 * vendor bundle as a `vm.Script` to give it a code cache (src/cli/codeCache.ts), and a script compiled that way
 * cannot `import()` on Node 20 without an experimental flag; a built-in is the same module either way, so these
 * become `require` (test/unit/cli/codeCache.test.ts checks that no `import(` is left).
 */
function requireBuiltins() {
  return {
    name: 'require-builtins',
    setup(build) {
      build.onEnd((result) => {
        if (result.errors.length > 0) return;
        const file = build.initialOptions.outfile;
        const text = readFileSync(file, 'utf8');
        const rewritten = text.replace(
          /\bimport\(("node:[a-z_/]+")\)/g,
          (_whole, name) => `Promise.resolve().then(() => require(${name}))`,
        );
        if (rewritten !== text) writeFileSync(file, rewritten);
      });
    },
  };
}

/**
 * Resolves the vendor modules to dist/vendor/aws.js, required at run time from a bundle `depth` folders below dist/.
 * With `codeCache` (the CLI's bundles) it is loaded through src/cli/codeCache.ts, with a V8 code cache.
 */
function vendorPlugin(depth, codeCache = false) {
  const file = `${depth === 0 ? './' : '../'.repeat(depth)}vendor/aws.js`;
  const filter = new RegExp(`^(${Object.keys(VENDOR).join('|').replace(/[/.]/g, '\\$&')})$`);
  const load = codeCache
    ? `require("./src/cli/codeCache.ts").requireCached(require("node:path").join(__dirname, ${JSON.stringify(file)}))`
    : `require(${JSON.stringify(file)})`;
  return {
    name: 'aws-vendor',
    setup(build) {
      build.onResolve({ filter }, (args) => ({ path: args.path, namespace: 'aws-vendor' }));
      build.onResolve({ filter: /vendor\/aws\.js$/, namespace: 'aws-vendor' }, (args) => ({
        path: args.path,
        external: true,
      }));
      build.onLoad({ filter: /.*/, namespace: 'aws-vendor' }, (args) => ({
        contents: `module.exports = ${load}.${VENDOR[args.path]};`,
        loader: 'js',
        resolveDir: root,
      }));
    },
  };
}

/**
 * The extension is two bundles: dist/extension.js, what VS Code loads at activation (registrations only, a few KiB),
 * and dist/features.js, everything behind those registrations, which extension.js `require`s on first use. V8
 * compiles a whole script before running any of it, so code in the activation bundle costs every window's start
 * whether it runs or not (`npm run bench`: activate_ms). This plugin keeps that `require('./features.js')` a run-time
 * require; test/unit/activationBundle.test.ts checks that nothing else of the features gets into extension.js.
 */
const featuresExternal = {
  name: 'features-external',
  setup(build) {
    build.onResolve({ filter: /^\.\/features\.js$/ }, (args) => ({ path: args.path, external: true }));
  },
};

/**
 * Shipped bundles: everything bundled in, because the .vsix carries no node_modules. The features and the CLI load
 * the SDK from the vendor bundle; the emulator's processes keep their own copy of the one codec they use (they start
 * for every Local session, and the whole SDK would cost them more than the codec).
 */
const shipped = [
  { in: 'src/extension.ts', out: 'extension', plugins: [featuresExternal] },
  { in: 'src/extension/features.ts', out: 'features', vendor: true },
  // The CLI: dist/cli.js dispatches, and loads each command's own bundle (with a V8 code cache, see src/cli/main.ts).
  { in: 'src/cli/main.ts', out: 'cli' },
  { in: 'src/cli/invokeCommand.ts', out: 'cli/invoke', vendor: 'codeCache' },
  { in: 'src/cli/urlCommand.ts', out: 'cli/url', vendor: 'codeCache' },
  { in: 'src/cli/runCommand.ts', out: 'cli/run', vendor: 'codeCache' },
  { in: 'src/cli/listCommand.ts', out: 'cli/list', vendor: 'codeCache' },
  { in: 'src/emulator/serve.ts', out: 'cli/serve', vendor: 'codeCache' },
  { in: 'src/emulator/main.ts', out: 'emulator/main' },
  { in: 'src/emulator/handlerHost.ts', out: 'emulator/handlerHost' },
]
  .filter((entry) => existsSync(join(root, entry.in)))
  .map((entry) => ({
    ...common,
    entryPoints: [{ in: join(root, entry.in), out: entry.out }],
    sourcemap: production ? false : 'linked',
    plugins: [
      ...(entry.plugins ?? []),
      ...(entry.vendor ? [vendorPlugin(entry.out.split('/').length - 1, entry.vendor === 'codeCache')] : []),
    ],
  }))
  .concat(vendorBundle);

/** Test bundles: one per test file; their dependencies stay in node_modules. */
function testEntries(folder, pattern) {
  const found = [];
  const walk = (dir) => {
    if (!existsSync(dir)) return;
    for (const item of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, item.name);
      if (item.isDirectory()) walk(path);
      else if (pattern.test(item.name)) found.push(path);
    }
  };
  walk(join(root, folder));
  return found.map((path) => ({
    ...common,
    entryPoints: [{ in: path, out: relative(root, path).replace(/\.ts$/, '') }],
    packages: 'external',
    sourcemap: 'inline',
  }));
}

const tests = production
  ? []
  : [
      ...testEntries('test/unit', /\.test\.ts$/),
      ...testEntries('test/integration', /\.ts$/),
      ...testEntries('test/ui', /\.test\.ts$/),
      // Benchmarks (npm run bench): only the process entries, each into dist/bench/.
      ...testEntries('bench', /^(run|child|extensionHost)\.ts$/),
    ];

/** Copies the sample functions (plain JavaScript, run as user code) next to the emulator bundle. */
function copyAssets() {
  const from = join(root, 'src/emulator/samples');
  const to = join(root, 'dist/emulator/samples');
  rmSync(to, { recursive: true, force: true });
  if (existsSync(from)) cpSync(from, to, { recursive: true });
  const cli = join(root, 'dist/cli.js');
  if (existsSync(cli)) chmodSync(cli, 0o755);
}

// Test bundles of deleted test files must not linger and run again.
if (!production) rmSync(join(root, 'dist/test'), { recursive: true, force: true });

const options = [...shipped, ...tests];
if (watch) {
  // VS Code's `$esbuild-watch` problem matcher (connor4312.esbuild-problem-matchers) waits for these two lines around
  // each rebuild; one change rebuilds several entries, so they frame the round, from the first start to the last end.
  // A round ends when no entry has been building for a moment (the entries start one after another at first).
  let building = 0;
  let roundOpen = false;
  let closing;
  const rounds = {
    name: 'watch-rounds',
    setup(build) {
      build.onStart(() => {
        building++;
        clearTimeout(closing);
        if (!roundOpen) console.log('[watch] build started');
        roundOpen = true;
      });
      build.onEnd(() => {
        if (--building > 0) return;
        closing = setTimeout(() => {
          copyAssets();
          roundOpen = false;
          console.log('[watch] build finished');
        }, 250);
      });
    },
  };
  for (const option of options) {
    const context = await esbuild.context({ ...option, plugins: [...(option.plugins ?? []), rounds] });
    await context.watch();
  }
  console.log(`esbuild: watching ${options.length} entries`);
} else {
  const results = await Promise.allSettled(options.map((option) => esbuild.build(option)));
  copyAssets();
  const failed = results.filter((result) => result.status === 'rejected').length;
  if (failed > 0) {
    console.error(`esbuild: ${failed} of ${options.length} entries failed to build (errors above)`);
    process.exitCode = 1;
  }
}
