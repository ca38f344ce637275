// STS operations (placeholder: filled in by the IAM work).
import type { Operation } from '../op.ts';
export const stsOperations: Readonly<Record<string, Operation<any>>> = {};
