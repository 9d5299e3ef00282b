/**
 * Process entry of the Local endpoint (dist/emulator/main.js): `node dist/emulator/main.js [--port N] [--functions DIR]`.
 * The extension forks it so that the server, and the handlers it starts, live outside the extension host.
 */
import { runServe } from './serve';

void runServe(process.argv.slice(2)).then((code) => process.exit(code));
