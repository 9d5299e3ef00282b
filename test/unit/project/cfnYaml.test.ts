import * as assert from 'node:assert/strict';
import { parseCfnYaml } from '../../../src/core/project/cfnYaml';

describe('project: CloudFormation YAML', () => {
  it('turns every short-form tag into its long form', () => {
    const { value, errors } = parseCfnYaml(`
A: !Ref Stage
B: !Sub 'x-\${Stage}'
C: !GetAtt Fn.Arn
D: !GetAtt [Fn, Arn]
E: !Join ['-', [a, !Ref Stage]]
F: !If [IsProd, 1, 2]
G: !Equals [!Ref Stage, prod]
H: !Condition IsProd
I: !ImportValue other-Export
J: !FindInMap [Map, !Ref 'AWS::Region', Key]
K: !Sub
  - '\${A}-\${B}'
  - A: 1
    B: !Ref Stage
`);
    assert.deepEqual(errors, []);
    assert.deepEqual(value, {
      A: { Ref: 'Stage' },
      B: { 'Fn::Sub': 'x-${Stage}' },
      C: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      D: { 'Fn::GetAtt': ['Fn', 'Arn'] },
      E: { 'Fn::Join': ['-', ['a', { Ref: 'Stage' }]] },
      F: { 'Fn::If': ['IsProd', 1, 2] },
      G: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
      H: { Condition: 'IsProd' },
      I: { 'Fn::ImportValue': 'other-Export' },
      J: { 'Fn::FindInMap': ['Map', { Ref: 'AWS::Region' }, 'Key'] },
      K: { 'Fn::Sub': ['${A}-${B}', { A: 1, B: { Ref: 'Stage' } }] },
    });
  });

  it('locates values by path, falling back to the nearest parent', () => {
    const parsed = parseCfnYaml('Resources:\n  Fn:\n    Properties:\n      Timeout: 30\n');
    assert.deepEqual(
      { ...parsed.locate(['Resources', 'Fn', 'Properties', 'Timeout']) },
      { offset: 48, line: 4, column: 16 },
    );
    assert.equal(parsed.locate(['Resources', 'Fn', 'Properties', 'Missing']).line, 3);
  });

  it('accepts duplicate keys (the last wins) and reads JSON templates', () => {
    assert.deepEqual(parseCfnYaml('Outputs:\n  A: 1\n  A: 2\n').value, { Outputs: { A: 2 } });
    assert.deepEqual(parseCfnYaml('{"Resources": {"Fn": {"Type": "AWS::Lambda::Function"}}}').value, {
      Resources: { Fn: { Type: 'AWS::Lambda::Function' } },
    });
  });

  it('keeps __proto__ and friends as plain keys', () => {
    const value = parseCfnYaml('__proto__: {polluted: true}\nconstructor: 1\n').value as Record<string, unknown>;
    assert.deepEqual(Object.keys(value), ['__proto__', 'constructor']);
    assert.equal(({} as Record<string, unknown>).polluted, undefined);
  });

  it('reports a syntax error at its line and never throws', () => {
    const parsed = parseCfnYaml('Resources:\n  Fn:\n    Type: [unclosed\n');
    assert.ok(parsed.errors.length > 0);
    assert.equal(parsed.errors[0].place.line >= 3, true, JSON.stringify(parsed.errors));
  });
});
