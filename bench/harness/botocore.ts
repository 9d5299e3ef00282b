/**
 * Makes botocore available as a contender: Debian's `python3-botocore`, installed with apt when missing, and a
 * private AWS_DATA_PATH holding the current Lambda model (the packaged one may predate InvokeWithResponseStream).
 * When botocore still cannot be imported the benchmark goes on without it and says so in one line.
 */
import { spawnSync } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { projectRoot } from './childProcess';

/** The model copy kept with the wire-protocol reference. */
const MODEL_CANDIDATES = [
  path.join(projectRoot, '..', 'shared', 'reference', 'lambda-service-2.json'),
  '/work/shared/reference/lambda-service-2.json',
];

function botocoreImports(): boolean {
  return spawnSync('python3', ['-c', 'import botocore'], { stdio: 'ignore' }).status === 0;
}

/**
 * Returns the environment the python contender needs, or a sentence saying why botocore is skipped.
 * `dataDir` receives the model copy; the caller removes it at the end.
 */
export function prepareBotocore(dataDir: string): { env: NodeJS.ProcessEnv } | { skipped: string } {
  if (!botocoreImports()) {
    console.log('  botocore is missing: apt-get install -y python3-botocore');
    const install = spawnSync('apt-get', ['install', '-y', 'python3-botocore'], { stdio: 'inherit', timeout: 300_000 });
    if (install.status !== 0 || !botocoreImports()) {
      return {
        skipped:
          'botocore skipped: `python3 -c "import botocore"` fails and `apt-get install -y python3-botocore` did not fix it.',
      };
    }
  }
  const model = MODEL_CANDIDATES.find((candidate) => fs.existsSync(candidate));
  if (!model)
    return { skipped: `botocore skipped: no lambda-service-2.json model at ${MODEL_CANDIDATES.join(' or ')}.` };
  const target = path.join(dataDir, 'lambda', '2015-03-31');
  fs.mkdirSync(target, { recursive: true });
  fs.copyFileSync(model, path.join(target, 'service-2.json'));
  return { env: { AWS_DATA_PATH: dataDir, AWS_CONFIG_FILE: os.devNull, AWS_SHARED_CREDENTIALS_FILE: os.devNull } };
}
