// The one policy AST that model/ and solver/ both read: documents, statements, principals, conditions.

export type Effect = 'Allow' | 'Deny';

/** A Principal/NotPrincipal element. `anyone` is "*" or {"AWS":"*"}. */
export interface PrincipalSet {
  readonly anyone: boolean;
  readonly aws: readonly string[];
  readonly service: readonly string[];
  readonly federated: readonly string[];
  readonly canonicalUser: readonly string[];
}

/** The set operator prefix of a condition operator. */
export type SetQualifier = 'ForAnyValue' | 'ForAllValues' | undefined;

export type BaseOperator =
  | 'StringEquals' | 'StringNotEquals' | 'StringEqualsIgnoreCase' | 'StringNotEqualsIgnoreCase'
  | 'StringLike' | 'StringNotLike'
  | 'NumericEquals' | 'NumericNotEquals' | 'NumericLessThan' | 'NumericLessThanEquals'
  | 'NumericGreaterThan' | 'NumericGreaterThanEquals'
  | 'DateEquals' | 'DateNotEquals' | 'DateLessThan' | 'DateLessThanEquals' | 'DateGreaterThan' | 'DateGreaterThanEquals'
  | 'Bool' | 'BinaryEquals' | 'IpAddress' | 'NotIpAddress'
  | 'ArnEquals' | 'ArnLike' | 'ArnNotEquals' | 'ArnNotLike'
  | 'Null';

/** One (operator, key, values) test of a Condition block: `{"StringEquals": {"kms:CallerAccount": ["1", "2"]}}`. */
export interface ConditionTest {
  readonly operator: BaseOperator;
  readonly qualifier: SetQualifier;
  readonly ifExists: boolean;
  /** The condition key as written. */
  readonly key: string;
  /** The condition key lower-cased: condition key names are case-insensitive. */
  readonly keyLower: string;
  readonly values: readonly string[];
}

export interface Statement {
  readonly sid: string | undefined;
  readonly effect: Effect;
  readonly principal: PrincipalSet | undefined;
  readonly notPrincipal: PrincipalSet | undefined;
  readonly action: readonly string[] | undefined;
  readonly notAction: readonly string[] | undefined;
  readonly resource: readonly string[] | undefined;
  readonly notResource: readonly string[] | undefined;
  readonly conditions: readonly ConditionTest[];
}

export interface PolicyDocument {
  readonly version: string | undefined;
  readonly id: string | undefined;
  readonly statements: readonly Statement[];
}

/** Which kind of policy a document is; the element rules differ (spec §3.2, §7.3). */
export type PolicyKind = 'identity' | 'keyPolicy' | 'bucketPolicy' | 'trustPolicy' | 'scp' | 'sessionPolicy' | 'boundary';

export const isNegatedOperator = (op: BaseOperator): boolean =>
  op === 'StringNotEquals' || op === 'StringNotEqualsIgnoreCase' || op === 'StringNotLike' || op === 'NumericNotEquals' ||
  op === 'DateNotEquals' || op === 'NotIpAddress' || op === 'ArnNotEquals' || op === 'ArnNotLike';
