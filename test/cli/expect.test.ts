// `expect` on call steps (SCENARIOS.md "A call"): success, partial output match, exact error codes; and `save` paths.
import { describe, expect, it } from 'vitest';
import { expectationFailure } from '../../cli/scenario/call.ts';
import { describeDifferences, differences } from '../../cli/scenario/expect.ts';
import { lookupPath } from '../../cli/scenario/paths.ts';
import type { CallOutcome } from '../../model/index.ts';

const output = {
  KeyMetadata: { KeyId: 'k1', KeyState: 'Enabled', Enabled: true, EncryptionAlgorithms: ['SYMMETRIC_DEFAULT'] },
  Grants: [
    { GrantId: 'g1', Operations: ['Decrypt', 'Encrypt'] },
    { GrantId: 'g2', Operations: ['Decrypt'] },
  ],
  Truncated: false,
  NextMarker: null,
};
const ok: CallOutcome = { ok: true, output };
const denied: CallOutcome = { ok: false, error: { code: 'AccessDeniedException', message: 'User: x is not authorized' } };

describe('objects match when every listed field matches', () => {
  it('ignores fields of the output that the expectation does not list', () => {
    expect(differences({ KeyMetadata: { KeyState: 'Enabled' } }, output)).toEqual([]);
    expect(differences({}, output)).toEqual([]);
  });

  it('reports a listed field whose value differs, with its path', () => {
    const ds = differences({ KeyMetadata: { KeyState: 'Disabled', Enabled: true } }, output);
    expect(describeDifferences(ds)).toBe('output.KeyMetadata.KeyState: expected "Disabled", got "Enabled"');
  });

  it('reports a listed field the output does not have', () => {
    expect(describeDifferences(differences({ KeyMetadata: { DeletionDate: 'x' } }, output))).toBe(
      'output.KeyMetadata.DeletionDate: expected "x", but the output has no such field',
    );
  });

  it('does not match an object against a scalar or an array', () => {
    expect(differences({ KeyMetadata: 'k1' }, output)).toHaveLength(1);
    expect(differences({ Grants: { GrantId: 'g1' } }, output)).toHaveLength(1);
  });
});

describe('arrays match element by element and must have the same length', () => {
  it('matches each element partially (objects inside arrays too)', () => {
    expect(differences({ Grants: [{ GrantId: 'g1' }, { GrantId: 'g2' }] }, output)).toEqual([]);
  });

  it('rejects an array with fewer or more elements', () => {
    expect(describeDifferences(differences({ Grants: [{ GrantId: 'g1' }] }, output))).toMatch(/^output\.Grants: expected 1 element\(s\), got 2/);
    expect(differences({ KeyMetadata: { EncryptionAlgorithms: [] } }, output)).toHaveLength(1);
  });

  it('compares in order', () => {
    expect(describeDifferences(differences({ Grants: [{ GrantId: 'g2' }, { GrantId: 'g1' }] }, output))).toBe(
      'output.Grants[0].GrantId: expected "g2", got "g1"; output.Grants[1].GrantId: expected "g1", got "g2"',
    );
  });
});

describe('scalars must be equal', () => {
  it('compares strictly: no coercion between "true" and true, or "1" and 1', () => {
    expect(differences({ Truncated: 'false' }, output)).toHaveLength(1);
    expect(differences({ KeyMetadata: { Enabled: 'true' } }, output)).toHaveLength(1);
    expect(differences({ Truncated: false, NextMarker: null }, output)).toEqual([]);
  });

  it('tells how many more differences there are beyond the first three', () => {
    const ds = differences({ a: 1, b: 2, c: 3, d: 4, e: 5 }, {});
    expect(describeDifferences(ds)).toMatch(/; and 2 more difference\(s\)$/);
  });
});

describe('the forms of expect', () => {
  it('absent or "ok": the call must succeed', () => {
    expect(expectationFailure(undefined, ok)).toBeUndefined();
    expect(expectationFailure('ok', ok)).toBeUndefined();
    expect(expectationFailure('ok', denied)).toBe('expected success, got AccessDeniedException: User: x is not authorized');
    expect(expectationFailure(undefined, denied)).toMatch(/^expected success/);
  });

  it('{"ok": {...}}: success and an output containing the JSON', () => {
    expect(expectationFailure({ ok: { Truncated: false } }, ok)).toBeUndefined();
    expect(expectationFailure({ ok: { Truncated: true } }, ok)).toBe('output.Truncated: expected true, got false');
    expect(expectationFailure({ ok: {} }, denied)).toMatch(/^expected success, got AccessDeniedException/);
  });

  it('{"error": CODE}: failure with exactly that code', () => {
    expect(expectationFailure({ error: 'AccessDeniedException' }, denied)).toBeUndefined();
    expect(expectationFailure({ error: 'AccessDenied' }, denied)).toBe('expected error AccessDenied, got AccessDeniedException: User: x is not authorized');
    expect(expectationFailure({ error: 'AccessDeniedException' }, ok)).toMatch(/^expected error AccessDeniedException, got success: \{"KeyMetadata"/);
  });
});

describe('save paths', () => {
  it('follow dotted paths, indexing arrays by number', () => {
    expect(lookupPath(output, 'Grants.1.GrantId')).toEqual({ found: true, value: 'g2' });
    expect(lookupPath(output, 'KeyMetadata')).toEqual({ found: true, value: output.KeyMetadata });
    expect(lookupPath(output, 'Truncated')).toEqual({ found: true, value: false });
  });

  it('report the first segment that is missing', () => {
    expect(lookupPath(output, 'Grants.2.GrantId')).toEqual({ found: false, missing: 'Grants.2' });
    expect(lookupPath(output, 'KeyMetadata.Arn')).toEqual({ found: false, missing: 'KeyMetadata.Arn' });
    expect(lookupPath(output, 'Grants.first')).toEqual({ found: false, missing: 'Grants.first' });
    expect(lookupPath(output, 'KeyMetadata.KeyId.length')).toEqual({ found: false, missing: 'KeyMetadata.KeyId.length' });
  });
});
