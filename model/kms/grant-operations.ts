// KMS grant operations (placeholder: filled in by the grants work).
import type { Operation } from '../op.ts';
export const grantOperations: Readonly<Record<string, Operation<any>>> = {};
