// Zod pieces shared by the IAM, STS and Organizations input schemas (the request shapes of their API References).
import { z } from 'zod';

const NAME_PATTERN = /^[\w+=,.@-]+$/;
const PATH_PATTERN = /^(\/|\/[\u0021-\u007E]+\/)$/;
/** Policy documents: tab, line feed, carriage return and U+0020..U+00FF only. */
const POLICY_TEXT_PATTERN = /^[\u0009\u000A\u000D\u0020-\u00FF]+$/;

const patterned = (min: number, max: number, pattern: RegExp, shown: string) =>
  z
    .string()
    .min(min, `Member must have length greater than or equal to ${min}`)
    .max(max, `Member must have length less than or equal to ${max}`)
    .regex(pattern, `Member must satisfy regular expression pattern: ${shown}`);

/**
 * https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html — UserName 1..64, pattern [\w+=,.@-]+;
 * API_CreateRole.html — RoleName 1..64; API_CreateGroup.html — GroupName 1..128; API_PutUserPolicy.html and
 * API_CreatePolicy.html — PolicyName 1..128, same pattern.
 */
export const userNameSchema = patterned(1, 64, NAME_PATTERN, '[\\w+=,.@-]+');
export const roleNameSchema = patterned(1, 64, NAME_PATTERN, '[\\w+=,.@-]+');
export const groupNameSchema = patterned(1, 128, NAME_PATTERN, '[\\w+=,.@-]+');
export const policyNameSchema = patterned(1, 128, NAME_PATTERN, '[\\w+=,.@-]+');

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateUser.html — Path 1..512, "/" or "/.../" (U+0021..U+007E). */
export const pathSchema = patterned(1, 512, PATH_PATTERN, '(\\u002F)|(\\u002F[\\u0021-\\u007E]+\\u002F)');

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_PutUserPolicy.html — PolicyDocument 1..131072 characters. */
export const policyDocumentSchema = patterned(1, 131072, POLICY_TEXT_PATTERN, '[\\u0009\\u000A\\u000D\\u0020-\\u00FF]+');

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_AttachUserPolicy.html — PolicyArn 20..2048. */
export const arnSchema = z
  .string()
  .min(20, 'Member must have length greater than or equal to 20')
  .max(2048, 'Member must have length less than or equal to 2048');

/** https://docs.aws.amazon.com/IAM/latest/APIReference/API_CreateRole.html — Description 0..1000. */
export const descriptionSchema = z.string().max(1000, 'Member must have length less than or equal to 1000');
