#!/usr/bin/env node
/**
 * The `lambda-stream` command line: the same streaming engine as the extension, for terminals and scripts.
 * This entry only dispatches; each command lives in its own module and is loaded when used, so `--version` and
 * `--help` stay instant.
 */
import { version } from '../../package.json';

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
      return (await import('./invokeCommand.js')).runInvoke(rest);
    case 'url':
      return (await import('./urlCommand.js')).runUrl(rest);
    case 'run':
      return (await import('./runCommand.js')).runRun(rest);
    case 'list':
      return (await import('./listCommand.js')).runList(rest);
    case 'serve':
      return (await import('../emulator/serve.js')).runServe(rest);
    default:
      process.stderr.write(`lambda-stream: unknown command '${command}'. Run 'lambda-stream --help' for the list.\n`);
      return 2;
  }
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
