// IAM operations (placeholder: filled in by the IAM work).
import type { Operation } from '../op.ts';
export const iamOperations: Readonly<Record<string, Operation<any>>> = {};
