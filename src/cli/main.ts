#!/usr/bin/env node
/**
 * The `lambda-stream` command line: the same streaming engine as the extension, for terminals and scripts.
 * This entry (dist/cli.js) only dispatches. Each command is a bundle of its own, dist/cli/<command>.js (see
 * esbuild.mjs), loaded when used with a V8 code cache (codeCache.ts): Node compiles only this small file without
 * one, `--version` and `--help` stay instant, and `invoke` compiles nothing of `serve`, `run` or the others.
 */
import * as path from 'node:path';
import { version } from '../../package.json';
import { requireCached } from './codeCache';

const usage = `lambda-stream ${version}: invoke AWS Lambda functions with response streaming

Usage:
  lambda-stream invoke <function> [options]   stream a function's output to stdout as it arrives
  lambda-stream url <function|URL> [options]  call a function URL and stream its body to stdout
  lambda-stream run <file.invoke> [name …]    run the invocations of an invocation file (a CI smoke test)
  lambda-stream list [options]                list the functions with their aliases and versions
  lambda-stream serve [options]               run the Local endpoint (a Lambda-compatible server on 127.0.0.1)
  lambda-stream --version
  lambda-stream --help
  lambda-stream <command> --help              the options of one command

Connection options (invoke, url, list): --profile P, --region R, --endpoint URL
`;

async function main(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  // The SDK warns on every Node below 22; this project supports Node 20, so the warning is noise on stderr.
  process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= 'true';
  switch (command) {
    case 'invoke':
      return loadCommand<typeof import('./invokeCommand')>('invoke').runInvoke(rest);
    case 'url':
      return loadCommand<typeof import('./urlCommand')>('url').runUrl(rest);
    case 'run':
      return loadCommand<typeof import('./runCommand')>('run').runRun(rest);
    case 'list':
      return loadCommand<typeof import('./listCommand')>('list').runList(rest);
    case 'serve':
      return loadCommand<typeof import('../emulator/serve')>('serve').runServe(rest);
    default:
      process.stderr.write(`lambda-stream: unknown command '${command}'. Run 'lambda-stream --help' for the list.\n`);
      return 2;
  }
}

/** The bundle of one command, dist/cli/<name>.js. */
function loadCommand<T>(name: string): T {
  return requireCached(path.join(__dirname, 'cli', `${name}.js`)) as T;
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  async (error: unknown) => {
    const { redactSecrets } = await import('../core/errors/redaction.js');
    process.stderr.write(
      `lambda-stream: unexpected failure: ${redactSecrets(error instanceof Error ? (error.stack ?? error.message) : String(error))}\n`,
    );
    process.exitCode = 3;
  },
);
