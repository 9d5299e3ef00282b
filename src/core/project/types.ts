/**
 * What a project (SAM or CloudFormation template, CDK cloud assembly, Serverless Framework service) declares about
 * its functions, read without running or building anything: the shapes the Local endpoint serves from and the
 * extension turns into diagnostics. No `vscode`, no emulator code.
 */
import type { FunctionSettings } from '../rules/manifest';

/** Which kind of project a path holds. */
export type ProjectKind = 'sam' | 'cdk' | 'serverless';

/** A problem in a project file, at its place. Warnings leave a value out; errors leave a function out. */
export interface ProjectProblem {
  readonly file: string;
  /** One-based. */
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  readonly message: string;
}

/** How a TypeScript (or untranspiled) entry is bundled before it runs; the options SAM's esbuild build method has. */
export interface BuildSpec {
  /** Absolute path of the entry source file. */
  readonly entry: string;
  readonly format: 'cjs' | 'esm';
  /** esbuild target, e.g. `es2022` or `node20`. */
  readonly target: string;
  /** Packages left out of the bundle (resolved from node_modules at run time). */
  readonly external: readonly string[];
  /** The bundle's file name, which the handler string names (`app.js` for Handler `app.handler`). */
  readonly outputName: string;
}

/** One function a project declares. */
export interface ProjectFunction {
  /** The logical ID (SAM, CloudFormation, CDK) or the key under `functions:` (Serverless), as `sam local` names it. */
  readonly name: string;
  /** The folder the code lives in: the working directory and LAMBDA_TASK_ROOT. */
  readonly codeRoot: string;
  /** The handler as written, e.g. `src/index.handler`. */
  readonly handler: string;
  /** The module the handler names, found with the Node runtime's rules (`.js`, `.mjs`, `.cjs`), or the `.ts` entry. */
  readonly moduleFile: string;
  /** The export, possibly nested (`handlers.stream`). */
  readonly exportName: string;
  /** Present when the module must be bundled first (TypeScript, or SAM `BuildMethod: esbuild`). */
  readonly build?: BuildSpec;
  /** Layer folders (their `nodejs/node_modules` join NODE_PATH, as `/opt/nodejs/node_modules` does on Lambda). */
  readonly layers: readonly string[];
  readonly settings: FunctionSettings;
  /** Where the function is declared. */
  readonly file: string;
  readonly line: number;
}

/** A project read from disk. */
export interface LoadedProject {
  readonly kind: ProjectKind;
  /** The file that declares the functions (template.yaml, *.template.json, serverless.yml). */
  readonly files: readonly string[];
  readonly functions: readonly ProjectFunction[];
  readonly problems: readonly ProjectProblem[];
}

/** Options a user gives on the command line (`--parameter-overrides`, `--env-vars`, `--region`). */
export interface ProjectOptions {
  /** CloudFormation parameter values, over the template's defaults. */
  readonly parameterOverrides?: Readonly<Record<string, string>>;
  /** A SAM `--env-vars` JSON file: `{"Parameters": {…}, "<LogicalId>": {…}}`. */
  readonly envVarsFile?: string;
  readonly region?: string;
  readonly accountId?: string;
  /** Serverless `--stage`. */
  readonly stage?: string;
}
