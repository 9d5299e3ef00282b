import * as assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { detectProject, loadProject } from '../../../src/core/project/loadProject';
import type { LoadedProject, ProjectFunction } from '../../../src/core/project/types';
import { copyProject, projectFixture } from './fixtures';

function byName(project: LoadedProject, name: string): ProjectFunction {
  const found = project.functions.find((fn) => fn.name === name);
  assert.ok(found, `${name} is not among ${project.functions.map((fn) => fn.name).join(', ')}`);
  return found;
}

function messages(project: LoadedProject): string[] {
  return project.problems.map(
    (problem) => `${path.basename(problem.file)}:${problem.line} ${problem.severity}: ${problem.message}`,
  );
}

describe('project: SAM template with Globals, parameters and intrinsics', () => {
  const dir = projectFixture('sam-globals');
  const project = loadProject(dir);

  it('serves the Node functions by logical ID, skipping other runtimes with a warning', () => {
    assert.equal(project.kind, 'sam');
    assert.deepEqual(
      project.functions.map((fn) => fn.name),
      ['StreamFunction', 'BufferedFunction'],
    );
    assert.ok(
      messages(project).includes(
        'template.yaml:91 warning: Resources.PythonFunction.Properties.Runtime: python3.12 is not a Node.js runtime; Local serves Node.js functions only',
      ),
      messages(project).join('\n'),
    );
  });

  it('merges Globals.Function under each function (scalars replaced, maps merged, lists joined)', () => {
    const stream = byName(project, 'StreamFunction');
    assert.equal(stream.settings.runtime, 'nodejs22.x');
    assert.equal(stream.settings.timeout, 8, 'Timeout: !Ref TimeoutSeconds from Globals');
    assert.equal(stream.settings.memorySize, 512, 'the function’s MemorySize over the global 256');
    assert.equal(byName(project, 'BufferedFunction').settings.memorySize, 256);
    assert.equal(byName(project, 'BufferedFunction').settings.timeout, 2);
    assert.equal(stream.settings.environment?.SHARED_FROM_GLOBALS, 'yes');
    assert.equal(stream.settings.environment?.GREETING, 'hello');
    assert.deepEqual(stream.layers, [path.join(dir, 'layers', 'shared')]);
  });

  it('resolves intrinsics, and names each value it cannot resolve', () => {
    const stream = byName(project, 'StreamFunction');
    assert.deepEqual(stream.settings.environment, {
      STAGE: 'dev',
      SHARED_FROM_GLOBALS: 'yes',
      GREETING: 'hello',
      LOG_LEVEL: 'debug',
      MODE: 'relaxed',
      SELF_ARN: 'arn:aws:lambda:us-east-1:123456789012:function:StreamFunction',
      JOINED: 'a-dev-c',
    });
    assert.equal(stream.settings.description, 'Streams a hello in us-east-1');
    const all = messages(project);
    assert.ok(
      all.includes(
        "template.yaml:68 warning: Resources.StreamFunction.Properties.Environment.Variables.SHARED_TOPIC: Fn::ImportValue imports another stack's output, which has no local value",
      ),
      all.join('\n'),
    );
    assert.ok(
      all.some((line) =>
        line.startsWith(
          'template.yaml:67 warning: Resources.StreamFunction.Properties.Environment.Variables.TABLE_NAME: !Ref Table (AWS::DynamoDB::Table)',
        ),
      ),
    );
  });

  it('reads handler paths, nested exports, aliases, URLs and the other settings', () => {
    const stream = byName(project, 'StreamFunction');
    assert.equal(stream.moduleFile, path.join(dir, 'src', 'stream.js'));
    assert.equal(stream.exportName, 'handler');
    assert.equal(stream.settings.streaming, true, 'AWS::Lambda::Url InvokeMode RESPONSE_STREAM');
    assert.deepEqual(stream.settings.aliases, { live: { version: '1' } });
    assert.deepEqual(stream.settings.versions, ['1']);
    assert.equal(stream.settings.reservedConcurrency, 5);
    assert.deepEqual(stream.settings.architectures, ['arm64']);
    const buffered = byName(project, 'BufferedFunction');
    assert.equal(buffered.moduleFile, path.join(dir, 'src', 'nested', 'buffered.mjs'));
    assert.equal(buffered.exportName, 'handlers.main');
    assert.equal(buffered.settings.streaming, undefined);
  });

  it('applies --parameter-overrides through Ref, FindInMap and conditions', () => {
    const prod = loadProject(dir, { parameterOverrides: { Stage: 'prod', TimeoutSeconds: '20', Unknown: 'x' } });
    const stream = byName(prod, 'StreamFunction');
    assert.equal(stream.settings.timeout, 20);
    assert.equal(stream.settings.environment?.LOG_LEVEL, 'warn');
    assert.equal(stream.settings.environment?.MODE, 'strict');
    assert.equal(stream.settings.environment?.OPTIONAL, 'set');
    assert.ok(
      messages(prod).some((line) =>
        line.includes('--parameter-overrides names Unknown, which the template does not declare'),
      ),
    );
  });

  it('applies --env-vars as SAM does: Parameters for all, then per logical ID, declared variables only', () => {
    const withEnv = loadProject(dir, { envVarsFile: path.join(dir, 'env.json') });
    const stream = byName(withEnv, 'StreamFunction');
    assert.equal(stream.settings.environment?.STAGE, 'from-env-vars');
    assert.equal(stream.settings.environment?.TABLE_NAME, 'orders-local', 'an unresolved variable can be given');
    assert.equal(stream.settings.environment?.UNDECLARED, undefined);
    assert.equal(byName(withEnv, 'BufferedFunction').settings.environment?.STAGE, 'from-env-vars');
    const all = messages(withEnv);
    assert.ok(
      all.some((line) => line.includes('StreamFunction.UNDECLARED is not declared')),
      all.join('\n'),
    );
    assert.ok(all.some((line) => line.includes('Missing is not a function of the project')));
  });
});

describe('project: detection and the other project kinds', () => {
  it('finds each kind from a folder or a file, and says what a folder lacks', () => {
    assert.equal((detectProject(projectFixture('sam-globals')) as { kind: string }).kind, 'sam');
    assert.equal(
      (detectProject(path.join(projectFixture('sam-globals'), 'template.yaml')) as { kind: string }).kind,
      'sam',
    );
    assert.equal((detectProject(projectFixture('cdk')) as { kind: string }).kind, 'cdk', 'a folder holding cdk.out');
    assert.equal((detectProject(path.join(projectFixture('cdk'), 'cdk.out')) as { kind: string }).kind, 'cdk');
    assert.equal((detectProject(projectFixture('serverless')) as { kind: string }).kind, 'serverless');
    const none = detectProject(path.join(projectFixture('sam-globals'), 'src'));
    assert.match(
      (none as { error: string }).error,
      /holds no template\.yaml or template\.yml \(SAM\), cdk\.out \(CDK, run cdk synth first\) or serverless\.yml$/,
    );
    const missing = loadProject('/nonexistent/project');
    assert.deepEqual(missing.functions, []);
    assert.match(missing.problems[0].message, /\/nonexistent\/project does not exist/);
  });

  it('reads a .aws-sam/build folder (CodeUri points at the built function folder)', () => {
    const built = loadProject(path.join(projectFixture('aws-sam-build'), '.aws-sam', 'build'));
    const fn = byName(built, 'StreamFn');
    assert.equal(fn.moduleFile, path.join(projectFixture('aws-sam-build'), '.aws-sam', 'build', 'StreamFn', 'app.js'));
    assert.equal(fn.settings.timeout, 5);
    assert.deepEqual(built.problems, []);
  });

  it('bundles TypeScript: SAM esbuild metadata (EntryPoints, Target) and a Handler that exists only as .ts', () => {
    const dir = projectFixture('sam-typescript');
    const project = loadProject(dir);
    const hello = byName(project, 'HelloFunction');
    assert.deepEqual(hello.build, {
      entry: path.join(dir, 'hello', 'app.ts'),
      format: 'cjs',
      target: 'es2022',
      external: [],
      outputName: 'app.js',
    });
    assert.equal(hello.exportName, 'lambdaHandler');
    const plain = byName(project, 'PlainTsFunction');
    assert.equal(plain.build?.entry, path.join(dir, 'hello', 'plain.ts'));
    assert.equal(plain.build?.outputName, 'plain.js');
  });

  it('reads a CDK cloud assembly: asset folders, URLs and AWS::Lambda::Alias', () => {
    const project = loadProject(projectFixture('cdk'));
    assert.equal(project.kind, 'cdk');
    const fn = byName(project, 'StreamFn6A5D4E3F');
    assert.equal(fn.codeRoot, path.join(projectFixture('cdk'), 'cdk.out', 'asset.4f1c2a'));
    assert.equal(fn.settings.timeout, 12);
    assert.equal(fn.settings.memorySize, 1024);
    assert.equal(fn.settings.streaming, true);
    assert.deepEqual(fn.settings.aliases, { live: { version: '1' } });
    assert.deepEqual(fn.settings.environment, { FROM_CDK: 'yes' });
    assert.deepEqual(project.problems, []);
  });

  it('reads serverless.yml: provider defaults, variables, url invokeMode, unsupported things named', () => {
    const project = loadProject(projectFixture('serverless'));
    assert.equal(project.kind, 'serverless');
    const stream = byName(project, 'stream');
    assert.equal(stream.moduleFile, path.join(projectFixture('serverless'), 'src', 'handler.js'));
    assert.equal(stream.exportName, 'stream');
    assert.equal(stream.settings.timeout, 9);
    assert.equal(stream.settings.memorySize, 512);
    assert.equal(stream.settings.streaming, true);
    assert.deepEqual(stream.settings.environment, { STAGE: 'dev', GREETING: 'hi' });
    const buffered = byName(project, 'buffered');
    assert.equal(buffered.settings.timeout, 3);
    assert.equal(buffered.settings.environment?.ONLY_HERE, 'fallback');
    assert.equal(
      byName(loadProject(projectFixture('serverless'), { stage: 'prod' }), 'stream').settings.environment?.STAGE,
      'prod',
    );
    const all = messages(project);
    assert.ok(
      all.includes(
        'serverless.yml:15 warning: provider.environment.SECRET: ${ssm:/stream-service/secret} has no local value; the value is left out',
      ),
      all.join('\n'),
    );
    assert.ok(all.includes('serverless.yml:17 warning: plugins: plugin serverless-offline is not run locally'));
  });

  it('turns template mistakes into located problems, never a throw', () => {
    const copy = copyProject('sam-globals');
    try {
      const file = path.join(copy.dir, 'template.yaml');
      writeFileSync(
        file,
        [
          'Resources:',
          '  NoRuntime:',
          '    Type: AWS::Serverless::Function',
          '    Properties: {CodeUri: src, Handler: stream.handler}',
          '  BadHandler:',
          '    Type: AWS::Serverless::Function',
          '    Properties: {CodeUri: src, Handler: nodot, Runtime: nodejs22.x}',
          '  MissingFile:',
          '    Type: AWS::Serverless::Function',
          '    Properties: {CodeUri: src, Handler: absent.handler, Runtime: nodejs22.x, Timeout: 5000}',
          '  FromS3:',
          '    Type: AWS::Serverless::Function',
          '    Properties: {CodeUri: s3://bucket/key.zip, Handler: a.b, Runtime: nodejs22.x}',
          '  Image:',
          '    Type: AWS::Serverless::Function',
          '    Properties: {PackageType: Image, ImageUri: repo:tag}',
          '',
        ].join('\n'),
      );
      const project = loadProject(copy.dir);
      assert.deepEqual(
        project.functions.map((fn) => fn.name),
        ['MissingFile'],
      );
      assert.deepEqual(messages(project), [
        'template.yaml:4 error: Resources.NoRuntime.Properties.Runtime: has no Runtime (e.g. nodejs22.x); the function is not served',
        'template.yaml:7 error: Resources.BadHandler.Properties.Handler: must be file.export (e.g. index.handler), not "nodot"',
        'template.yaml:10 warning: Resources.MissingFile.Properties.Handler: absent.handler: src/absent.js, .mjs, .cjs or .ts does not exist; invoking it fails until it does',
        "template.yaml:10 warning: Resources.MissingFile.Properties.Timeout: must be an integer from 1 to 900, not 5000; Lambda's default is used",
        'template.yaml:13 error: Resources.FromS3.Properties.CodeUri: points at code in S3; Local needs the code in a folder (a local CodeUri, or a cdk.out asset folder)',
        'template.yaml:14 warning: Resources.Image: is a container-image function; Local runs zip functions with a Node.js runtime only',
      ]);
      writeFileSync(file, 'Resources:\n  Fn:\n    Type: [unclosed\n');
      const broken = loadProject(copy.dir);
      assert.deepEqual(broken.functions, []);
      assert.ok(
        broken.problems.some((problem) => problem.severity === 'error' && problem.message.startsWith('not valid YAML')),
      );
    } finally {
      copy.remove();
    }
  });
});
