// KMS operations (placeholder: filled in by the KMS work).
import type { Operation } from '../op.ts';
export const kmsOperations: Readonly<Record<string, Operation<any>>> = {};
