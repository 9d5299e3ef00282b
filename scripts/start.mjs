// `npm start`: packages the extension as a .vsix, installs it into code-server 4.100.3 (VS Code 1.100.3) on
// 127.0.0.1, opens a sample workspace, and prints the URL to open. The extension's "Local" connection serves the
// sample streaming functions, so this works with no AWS account. State (settings, the workspace copy) persists in
// .lambda-stream-run/ between runs; Ctrl-C stops everything.
//   npm start                 port 8080, or any free port if 8080 is taken
//   PORT=9000 npm start       a port of your choice
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { startCodeServer } from './code-server.mjs';

const root = join(import.meta.dirname, '..');
const stateDir = join(root, '.lambda-stream-run');
const workspace = join(stateDir, 'workspace');

function portIsFree(port) {
  return new Promise((resolve) => {
    const probe = createServer()
      .once('error', () => resolve(false))
      .once('listening', () => probe.close(() => resolve(true)))
      .listen(port, '127.0.0.1');
  });
}

console.log('lambda-stream: building and packaging the extension…');
execFileSync('npm', ['run', '--silent', 'package'], { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] });

if (!existsSync(workspace)) {
  mkdirSync(workspace, { recursive: true });
  const samples = join(root, 'src/emulator/samples');
  if (existsSync(samples)) cpSync(samples, workspace, { recursive: true });
}

const wanted = process.env.PORT ? Number(process.env.PORT) : 8080;
const port = (await portIsFree(wanted)) || process.env.PORT ? wanted : 0;
// Keep the user's real AWS configuration visible although code-server gets a HOME of its own.
const awsEnv = {
  AWS_CONFIG_FILE: process.env.AWS_CONFIG_FILE ?? join(homedir(), '.aws/config'),
  AWS_SHARED_CREDENTIALS_FILE: process.env.AWS_SHARED_CREDENTIALS_FILE ?? join(homedir(), '.aws/credentials'),
};
const server = await startCodeServer({
  stateDir: join(stateDir, 'code-server'),
  workspace,
  port,
  env: awsEnv,
  installExtensions: [join(root, 'dist/lambda-stream.vsix')],
  log: (line) => {
    if (/error/i.test(line) && !/ENOTFOUND/.test(line)) console.error(`[code-server] ${line}`);
  },
});

console.log(`\nLambda Stream is running in VS Code at ${server.url}/?folder=${encodeURIComponent(workspace)}`);
console.log('Open it in a browser, then the Lambda Stream view in the activity bar. Press Ctrl-C to stop.\n');

const shutdown = async () => {
  await server.stop();
  process.exit(0);
};
process.once('SIGINT', shutdown);
process.once('SIGTERM', shutdown);
