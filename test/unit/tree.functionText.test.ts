import * as assert from 'node:assert/strict';
import { isRegionCode, orderRegions, regionName } from '../../src/extension/tree/awsRegions';
import {
  aliasDescription,
  formatLastModified,
  functionDescription,
  functionTooltip,
  versionDescription,
} from '../../src/extension/tree/functionText';

describe('tree/functionText', () => {
  const config = {
    FunctionName: 'report_v2',
    FunctionArn: 'arn:aws:lambda:eu-west-1:123456789012:function:report_v2',
    Runtime: 'nodejs22.x' as const,
    Handler: 'index.handler',
    MemorySize: 512,
    Timeout: 30,
    LastModified: '2024-05-01T10:20:30.123+0000',
    Description: 'Streams *the* report',
  };

  it('describes a function by runtime and streaming mode', () => {
    assert.equal(functionDescription(config, 'streaming'), 'nodejs22.x · streams');
    assert.equal(functionDescription(config, 'buffered'), 'nodejs22.x · buffered');
    assert.equal(functionDescription(config, 'none'), 'nodejs22.x');
    assert.equal(functionDescription({ PackageType: 'Image' }, 'unknown'), 'container image');
  });

  it('puts ARN, memory, timeout and last modified in the tooltip, with markdown in names escaped', () => {
    const tooltip = functionTooltip(config, 'streaming', 'https://abc.lambda-url.eu-west-1.on.aws/');
    assert.match(tooltip, /^\*\*report\\_v2\*\* — Streams \\\*the\\\* report/);
    for (const part of [
      'ARN: `arn:aws:lambda:eu-west-1:123456789012:function:report_v2`',
      'Memory: 512 MB',
      'Timeout: 30 s',
      'Last modified: 2024-05-01 10:20 UTC',
      'Function URL: https://abc',
    ]) {
      assert.ok(tooltip.includes(part), `${part}\n${tooltip}`);
    }
    assert.match(tooltip, /RESPONSE_STREAM/);
  });

  it('shows the version an alias points at, and its routing weights', () => {
    assert.equal(aliasDescription({ Name: 'live', FunctionVersion: '3' }), '→ 3');
    assert.equal(
      aliasDescription({
        Name: 'live',
        FunctionVersion: '3',
        RoutingConfig: { AdditionalVersionWeights: { '4': 0.1 } },
      }),
      '→ 3 (90%) · 4 (10%)',
    );
    assert.equal(
      aliasDescription({
        Name: 'canary',
        FunctionVersion: '1',
        RoutingConfig: { AdditionalVersionWeights: { '2': 0.025 } },
      }),
      '→ 1 (97.5%) · 2 (2.5%)',
    );
  });

  it('describes a version by its description, else its date', () => {
    assert.equal(versionDescription({ Version: '2', Description: 'hotfix' }), 'hotfix');
    assert.equal(
      versionDescription({ Version: '2', LastModified: '2024-05-01T10:20:30.123+0000' }),
      '2024-05-01 10:20 UTC',
    );
    const copied = { Version: '2', Description: 'Streams rows', LastModified: '2024-05-01T10:20:30.123+0000' };
    assert.equal(
      versionDescription(copied, 'Streams rows'),
      '2024-05-01 10:20 UTC',
      'a copy of the function description says nothing new',
    );
  });

  it('formats Lambda timestamps, leaving anything else as it is', () => {
    assert.equal(formatLastModified('2024-05-01T23:59:00.000+0200'), '2024-05-01 21:59 UTC');
    assert.equal(formatLastModified('yesterday'), 'yesterday');
    assert.equal(formatLastModified(undefined), undefined);
  });
});

describe('tree/awsRegions', () => {
  it('names regions, accepts typed codes, and offers the chosen ones first', () => {
    assert.equal(regionName('eu-west-1'), 'Europe (Ireland)');
    assert.equal(regionName('xx-none-1'), undefined);
    assert.equal(isRegionCode('us-gov-west-1'), true);
    assert.equal(isRegionCode('europe'), false);
    const ordered = orderRegions(['eu-west-1', 'us-gov-west-1']);
    assert.deepEqual(ordered.slice(0, 3), ['eu-west-1', 'us-gov-west-1', 'us-east-1']);
    assert.equal(ordered.filter((code) => code === 'eu-west-1').length, 1);
  });
});
