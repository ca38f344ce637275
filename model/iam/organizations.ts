// Organizations operations (placeholder: filled in by the IAM work).
import type { Operation } from '../op.ts';
export const organizationsOperations: Readonly<Record<string, Operation<any>>> = {};
