// KMS operations (placeholder: filled in by the KMS work). Grant operations come from grant-operations.ts.
import type { Operation } from '../op.ts';
import { grantOperations } from './grant-operations.ts';
export const kmsOperations: Readonly<Record<string, Operation<any>>> = { ...grantOperations };
