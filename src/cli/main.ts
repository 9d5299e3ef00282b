#!/usr/bin/env node
/**
 * The `lambda-stream` command line: the same streaming engine as the extension, for terminals and scripts.
 * Sub-commands are added by the streaming-core and local-endpoint work; this entry only dispatches.
 */
import { version } from '../../package.json';

const usage = `lambda-stream ${version}: invoke AWS Lambda functions with response streaming

Usage:
  lambda-stream --version
  lambda-stream --help
`;

function main(argv: string[]): number {
  const [command] = argv;
  if (command === '--version' || command === '-v') {
    process.stdout.write(`${version}\n`);
    return 0;
  }
  if (command === undefined || command === '--help' || command === '-h' || command === 'help') {
    process.stdout.write(usage);
    return 0;
  }
  process.stderr.write(`lambda-stream: unknown command '${command}'. Run 'lambda-stream --help' for the list.\n`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));
