/**
 * The fixture projects (test/fixtures/projects: SAM with Globals, SAM TypeScript, .aws-sam/build, cdk.out,
 * serverless.yml), found from the test bundle's folder, and copies of them in a temporary folder for tests that edit.
 */
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import * as path from 'node:path';

/** The folder of one fixture project. */
export function projectFixture(name: string): string {
  for (let dir = __dirname; ; dir = path.dirname(dir)) {
    const candidate = path.join(dir, 'test', 'fixtures', 'projects', name);
    if (existsSync(candidate)) return candidate;
    if (path.dirname(dir) === dir) throw new Error(`fixture project ${name} not found above ${__dirname}`);
  }
}

/** A writable copy of a fixture project; `remove()` deletes it. */
export function copyProject(name: string): { dir: string; remove(): void } {
  const parent = mkdtempSync(path.join(tmpdir(), 'lambda-stream-project-'));
  const dir = path.join(parent, name);
  cpSync(projectFixture(name), dir, { recursive: true });
  return { dir, remove: () => rmSync(parent, { recursive: true, force: true }) };
}
