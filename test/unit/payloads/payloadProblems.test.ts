import * as assert from 'node:assert/strict';
import { PayloadDiagnosticCodes } from '../../../src/constants';
import { MAX_PAYLOAD_BYTES } from '../../../src/core/rules/payload';
import { findPayloadProblems, MAX_FINDINGS } from '../../../src/extension/payloads/payloadProblems';

describe('payloads/payloadProblems: what the squiggles say, and where', () => {
  it('reports nothing for valid JSON or an empty payload', () => {
    assert.deepEqual(findPayloadProblems('{ "a": [1, 2] }\n'), []);
    assert.deepEqual(findPayloadProblems('  \n'), []);
    assert.deepEqual(findPayloadProblems('"just a string"'), []);
  });

  it('puts a trailing comma on the comma itself', () => {
    const text = '{\n  "a": 1,\n}\n';
    const [finding, ...rest] = findPayloadProblems(text);
    assert.equal(rest.length, 0);
    assert.equal(finding.code, PayloadDiagnosticCodes.trailingComma);
    assert.equal(finding.offset, text.indexOf(','));
    assert.equal(finding.length, 1);
    assert.match(finding.message, /^Trailing comma/);
  });

  it('reports each comment at its range', () => {
    const text = '{\n  // why\n  "a": 1 /* two */\n}';
    const findings = findPayloadProblems(text);
    assert.deepEqual(
      findings.map((finding) => [finding.code, text.slice(finding.offset, finding.offset + finding.length)]),
      [
        [PayloadDiagnosticCodes.comment, '// why'],
        [PayloadDiagnosticCodes.comment, '/* two */'],
      ],
    );
  });

  it('reports plain text once, not once per word', () => {
    const findings = findPayloadProblems('hello, lambda\nsecond line');
    assert.equal(findings.length, 1);
    assert.equal(findings[0].code, PayloadDiagnosticCodes.plainText);
    assert.deepEqual([findings[0].offset, findings[0].length], [0, 'hello, lambda'.length]);
  });

  it('reports other syntax errors with the parser sentence, without the position prefix', () => {
    const text = '{ "a" 1 }';
    const [finding] = findPayloadProblems(text);
    assert.equal(finding.code, PayloadDiagnosticCodes.invalidJson);
    assert.equal(finding.message, 'A colon is expected.');
    assert.equal(text.slice(finding.offset, finding.offset + finding.length), '1');
  });

  it('reports a payload over 6 MB on its first line, and nothing else', () => {
    const text = `{"data":"${'x'.repeat(MAX_PAYLOAD_BYTES)}"}`;
    const findings = findPayloadProblems(text);
    assert.equal(findings.length, 1);
    assert.equal(findings[0].code, PayloadDiagnosticCodes.tooLarge);
    assert.match(
      findings[0].message,
      /^This payload is 6,291,467 bytes, over Lambda's 6 MB request limit \(6,291,456 bytes\); it cannot be sent\.$/,
    );
  });

  it('caps the number of findings', () => {
    const text = `[${Array.from({ length: 50 }, () => '{"a":1,}').join(',')}]`;
    assert.equal(findPayloadProblems(text).length, MAX_FINDINGS);
  });
});
