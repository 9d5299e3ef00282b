import * as assert from 'node:assert/strict';
import type { ValuePath } from '../../../src/core/project/cfnYaml';
import { IntrinsicResolver, NO_VALUE, UNRESOLVED } from '../../../src/core/project/intrinsics';

function resolver(parameters: Record<string, unknown> = { Stage: 'dev', Names: ['a', 'b', 'c'] }) {
  const warnings: string[] = [];
  const instance = new IntrinsicResolver({
    parameters: new Map(Object.entries(parameters)),
    resources: new Map<string, { Type?: unknown }>([
      ['Fn', { Type: 'AWS::Serverless::Function' }],
      ['Table', { Type: 'AWS::DynamoDB::Table' }],
    ]),
    conditions: new Map<string, unknown>([
      ['IsProd', { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] }],
      ['IsDev', { 'Fn::Not': [{ Condition: 'IsProd' }] }],
      ['Unknowable', { 'Fn::Equals': [{ 'Fn::ImportValue': 'x' }, 'y'] }],
    ]),
    mappings: new Map<string, unknown>([['Sizes', { dev: { Memory: 256 } }]]),
    region: 'eu-west-1',
    accountId: '111122223333',
    stackName: 'local',
    functionNames: new Set(['Fn']),
    warn: (path: ValuePath, message: string) => warnings.push(`${path.join('.')}: ${message}`),
  });
  return { instance, warnings };
}

describe('project: intrinsic functions', () => {
  it('evaluates parameters, pseudo parameters and the template’s own functions', () => {
    const { instance, warnings } = resolver();
    const at = ['X'];
    assert.equal(instance.resolve({ Ref: 'Stage' }, at), 'dev');
    assert.equal(instance.resolve({ Ref: 'AWS::Region' }, at), 'eu-west-1');
    assert.equal(instance.resolve({ Ref: 'AWS::NoValue' }, at), NO_VALUE);
    assert.equal(instance.resolve({ Ref: 'Fn' }, at), 'Fn');
    assert.equal(
      instance.resolve({ 'Fn::GetAtt': ['Fn', 'Arn'] }, at),
      'arn:aws:lambda:eu-west-1:111122223333:function:Fn',
    );
    assert.equal(
      instance.resolve(
        { 'Fn::Sub': 'arn:${AWS::Partition}:x:${AWS::Region}:${AWS::AccountId}:${Stage}/${!Literal}' },
        at,
      ),
      'arn:aws:x:eu-west-1:111122223333:dev/${Literal}',
    );
    assert.equal(
      instance.resolve({ 'Fn::Sub': ['${A}-${Fn.Arn}', { A: { Ref: 'Stage' } }] }, at),
      'dev-arn:aws:lambda:eu-west-1:111122223333:function:Fn',
    );
    assert.deepEqual(warnings, []);
  });

  it('evaluates Join, Select, Split, If, conditions, FindInMap, Base64 and ToJsonString', () => {
    const { instance } = resolver();
    const at = ['X'];
    assert.equal(instance.resolve({ 'Fn::Join': ['-', ['a', { Ref: 'Stage' }]] }, at), 'a-dev');
    assert.equal(instance.resolve({ 'Fn::Select': [1, { Ref: 'Names' }] }, at), 'b');
    assert.deepEqual(instance.resolve({ 'Fn::Split': [',', 'x,y'] }, at), ['x', 'y']);
    assert.equal(instance.resolve({ 'Fn::If': ['IsProd', 'strict', 'relaxed'] }, at), 'relaxed');
    assert.equal(instance.resolve({ 'Fn::If': ['IsDev', 'yes', 'no'] }, at), 'yes');
    assert.equal(instance.resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'Memory'] }, at), 256);
    assert.equal(instance.resolve({ 'Fn::Base64': 'hi' }, at), 'aGk=');
    assert.equal(instance.resolve({ 'Fn::ToJsonString': { a: { Ref: 'Stage' } } }, at), '{"a":"dev"}');
    assert.deepEqual(instance.resolve({ A: { Ref: 'AWS::NoValue' }, B: 1 }, at), { B: 1 });
  });

  it('uses parameter overrides as given', () => {
    const { instance } = resolver({ Stage: 'prod' });
    assert.equal(instance.resolve({ 'Fn::If': ['IsProd', 'strict', 'relaxed'] }, ['X']), 'strict');
  });

  it('leaves out what has no local value, with one warning naming the place', () => {
    const { instance, warnings } = resolver();
    const at = ['Resources', 'Fn', 'Properties', 'Environment', 'Variables', 'T'];
    assert.equal(instance.resolve({ 'Fn::ImportValue': 'other-stack-Topic' }, at), UNRESOLVED);
    assert.equal(instance.resolve({ 'Fn::GetAtt': ['Table', 'StreamArn'] }, at), UNRESOLVED);
    assert.equal(instance.resolve({ 'Fn::Sub': '${Table.Arn}/index' }, at), UNRESOLVED);
    assert.equal(instance.resolve({ Ref: 'Nope' }, at), UNRESOLVED);
    assert.equal(instance.resolve({ 'Fn::If': ['Unknowable', 1, 2] }, at), UNRESOLVED);
    assert.equal(instance.resolve({ 'Fn::Equals': [{ 'Fn::ImportValue': 'a' }, 'a'] }, at), UNRESOLVED);
    assert.deepEqual(instance.resolve({ Keep: 'yes', Drop: { 'Fn::GetAZs': '' } }, ['Y']), { Keep: 'yes' });
    const place = 'Resources.Fn.Properties.Environment.Variables.T: ';
    assert.ok(
      warnings.includes(`${place}Fn::ImportValue imports another stack's output, which has no local value`),
      warnings.join('\n'),
    );
    assert.ok(warnings.includes(`${place}!GetAtt Table.StreamArn (AWS::DynamoDB::Table) only exists once deployed`));
    assert.ok(warnings.includes(`${place}!Ref Nope names no parameter or resource of this template`));
    assert.ok(warnings.includes('Y.Drop: Fn::GetAZs has no local value'));
  });
});
