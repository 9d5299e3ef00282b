import * as assert from 'node:assert/strict';
import {
  formatFunctionArn,
  formatValidationMessage,
  parseFunctionName,
  resolveQualifier,
  validateAliasName,
  validateFunctionName,
  validateQualifier,
  validateTenantId,
} from '../../../src/core/rules/names';

describe('core/names', () => {
  it('parses bare names, name:qualifier, partial and full ARNs', () => {
    assert.deepEqual(parseFunctionName('echo'), { name: 'echo' });
    assert.deepEqual(parseFunctionName('echo:live'), { name: 'echo', qualifier: 'live' });
    assert.deepEqual(parseFunctionName('123456789012:function:echo:$LATEST'), {
      name: 'echo',
      accountId: '123456789012',
      qualifier: '$LATEST',
    });
    assert.deepEqual(parseFunctionName('arn:aws-cn:lambda:cn-north-1:123456789012:function:my.fn:$LATEST.PUBLISHED'), {
      name: 'my.fn',
      partition: 'aws-cn',
      region: 'cn-north-1',
      accountId: '123456789012',
      qualifier: '$LATEST.PUBLISHED',
    });
    assert.deepEqual(parseFunctionName('arn:aws:lambda:us-gov-west-1:123456789012:function:f:7'), {
      name: 'f',
      partition: 'aws',
      region: 'us-gov-west-1',
      accountId: '123456789012',
      qualifier: '7',
    });
    assert.deepEqual(parseFunctionName('not valid!'), { name: 'not valid!' });
  });

  it('formats ARNs', () => {
    assert.equal(
      formatFunctionArn({ name: 'f', region: 'eu-west-1', accountId: '123456789012' }),
      'arn:aws:lambda:eu-west-1:123456789012:function:f',
    );
    assert.equal(
      formatFunctionArn({ name: 'f', region: 'eu-west-1', accountId: '123456789012', qualifier: '$LATEST' }),
      'arn:aws:lambda:eu-west-1:123456789012:function:f:$LATEST',
    );
  });

  it('applies the two FunctionName shapes', () => {
    assert.deepEqual(validateFunctionName('my.fn'), []);
    assert.equal(validateFunctionName('my.fn', 'plain').length, 1);
    assert.deepEqual(validateFunctionName('f:$LATEST.PUBLISHED'), []);
    assert.equal(validateFunctionName('f:$LATEST.PUBLISHED', 'plain').length, 1);
    assert.deepEqual(validateFunctionName('a'.repeat(140), 'plain'), []);
    assert.match(
      validateFunctionName('a'.repeat(141), 'plain')[0],
      /Member must have length less than or equal to 140$/,
    );
    assert.deepEqual(
      validateFunctionName('a'.repeat(65)),
      [],
      'the 64-character limit is a 404 on AWS, not a validation error',
    );
    assert.deepEqual(validateFunctionName(''), [
      "Value '' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{2}((-gov)|(-iso([a-z]?)))?-[a-z]+-\\d{1}:)?(\\d{12}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST(\\.PUBLISHED)?|[a-zA-Z0-9-_]+))?",
      "Value '' at 'functionName' failed to satisfy constraint: Member must have length greater than or equal to 1",
    ]);
  });

  it('checks qualifiers, URL qualifiers, alias names and tenant ids', () => {
    assert.deepEqual(validateQualifier('$LATEST'), []);
    assert.deepEqual(validateQualifier('7'), []);
    assert.equal(validateQualifier('a b').length, 1);
    assert.equal(validateQualifier('live', 'url').length, 0);
    assert.equal(validateQualifier('7', 'url').length, 1);
    assert.equal(validateQualifier('$LATEST', 'url').length, 1);
    assert.deepEqual(validateAliasName('live'), []);
    assert.equal(validateAliasName('12').length, 1);
    assert.deepEqual(validateTenantId('tenant-1 a/b=c+d@e.f:g_h'), []);
    assert.equal(validateTenantId('bad#').length, 1);
    assert.match(
      validateTenantId('t'.repeat(257))[0],
      /^Value 't+' at 'tenantId' failed to satisfy constraint: Member must have length less than or equal to 256$/,
    );
  });

  it('formats ValidationException messages', () => {
    assert.equal(formatValidationMessage(['a']), '1 validation error detected: a');
    assert.equal(formatValidationMessage(['a', 'b']), '2 validation errors detected: a; b');
  });

  it('resolves the qualifier from the name and the parameter', () => {
    assert.deepEqual(resolveQualifier(undefined, undefined), { ok: true, qualifier: undefined });
    assert.deepEqual(resolveQualifier('live', undefined), { ok: true, qualifier: 'live' });
    assert.deepEqual(resolveQualifier(undefined, '3'), { ok: true, qualifier: '3' });
    assert.deepEqual(resolveQualifier('3', '3'), { ok: true, qualifier: '3' });
    assert.deepEqual(resolveQualifier('live', '3'), {
      ok: false,
      message: 'The derived qualifier from the function name does not match the specified qualifier.',
    });
  });
});
