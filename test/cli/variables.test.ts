// `${name}` variables (SCENARIOS.md "Steps"): which strings are references, substitution, and the static "saved earlier" rule.
import { describe, expect, it } from 'vitest';
import { namesIn, referencesIn, substitute } from '../../cli/scenario/variables.ts';
import { issues, ROOT_USER, scenario, valid } from './scenario-helpers.ts';

const vars = new Map<string, unknown>([
  ['keyArn', 'arn:aws:kms:us-east-1:111122223333:key/k1'],
  ['count', 3],
  ['flag', true],
]);

describe('what counts as a variable reference', () => {
  it('is ${name} with name made of letters, digits and _', () => {
    expect(namesIn('${keyArn} and ${key_2} and ${9}')).toEqual(['keyArn', 'key_2', '9']);
  });

  it('leaves IAM policy variables and other ${...} shapes alone', () => {
    expect(namesIn('arn:aws:s3:::bucket/${aws:username}/*')).toEqual([]);
    expect(namesIn('${*} ${?} ${$} ${a-b} ${a.b} ${ a } $name {name} ${}')).toEqual([]);
  });

  it('finds references in nested strings, arrays and object keys, with their paths', () => {
    expect(referencesIn({ input: { KeyId: '${k}', List: ['x', '${l}'], Ctx: { '${key}': 'v' } } })).toEqual([
      { name: 'k', path: ['input', 'KeyId'] },
      { name: 'l', path: ['input', 'List', 1] },
      { name: 'key', path: ['input', 'Ctx', '${key}'] },
    ]);
  });
});

describe('substitution', () => {
  it('replaces saved variables in every string, policy documents inside input included', () => {
    const policy = JSON.stringify({ Statement: [{ Resource: '${keyArn}', Condition: { StringEquals: { 'aws:username': '${aws:username}' } } }] });
    const out = substitute({ KeyId: '${keyArn}', Policy: policy, Note: 'key ${keyArn}!' }, vars);
    expect(out.KeyId).toBe('arn:aws:kms:us-east-1:111122223333:key/k1');
    expect(out.Note).toBe('key arn:aws:kms:us-east-1:111122223333:key/k1!');
    expect(JSON.parse(out.Policy)).toEqual({
      Statement: [{ Resource: 'arn:aws:kms:us-east-1:111122223333:key/k1', Condition: { StringEquals: { 'aws:username': '${aws:username}' } } }],
    });
  });

  it('inserts a saved value that is not a string as its JSON text', () => {
    expect(substitute(['${count}', '${flag}'], vars)).toEqual(['3', 'true']);
  });

  it('substitutes object keys too, and leaves numbers and booleans as they are', () => {
    expect(substitute({ '${count}': 1, on: false }, vars)).toEqual({ '3': 1, on: false });
  });
});

describe('a ${name} that no earlier step saved makes the file malformed', () => {
  const create = { as: ROOT_USER, call: 'iam:CreateUser', input: { UserName: 'James' }, save: { james: 'User.Arn' } };

  it('accepts a variable saved by an earlier step', () => {
    valid(scenario([create, { as: '${james}', call: 'iam:GetUser', input: {} }]));
  });

  it('rejects a variable used before the step that saves it, naming the path of the string', () => {
    expect(issues(scenario([{ as: ROOT_USER, call: 'iam:GetUser', input: { UserName: '${james}' } }, create]))).toEqual([
      'steps[0].input.UserName: ${james} is not saved by any earlier step',
    ]);
  });

  it("rejects a step that uses its own save (the save happens after the call)", () => {
    expect(issues(scenario([{ ...create, input: { UserName: '${james}' } }]))).toEqual(['steps[0].input.UserName: ${james} is not saved by any earlier step']);
  });

  it('checks every kind of step: ask fields, expectations and the caller', () => {
    expect(
      issues(
        scenario([
          { ask: 'whoCan', action: 'kms:Decrypt', resource: '${k}', expect: { principals: ['${p}'], unknownPrincipals: false } },
          { as: '${who}', call: 'iam:GetUser', expect: { ok: { User: { Arn: '${arn}' } } } },
        ]),
      ),
    ).toEqual([
      'steps[0].resource: ${k} is not saved by any earlier step',
      'steps[0].expect.principals[0]: ${p} is not saved by any earlier step',
      'steps[1].as: ${who} is not saved by any earlier step',
      'steps[1].expect.ok.User.Arn: ${arn} is not saved by any earlier step',
    ]);
  });

  it('ignores the prose of a step note and IAM policy variables', () => {
    valid(scenario([{ ...create, note: 'saves ${james}', input: { UserName: 'James', Path: '/${aws:username}/' } }]));
  });
});
