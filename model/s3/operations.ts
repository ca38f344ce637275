// S3 operations (placeholder: filled in by the S3 work).
import type { Operation } from '../op.ts';
export const s3Operations: Readonly<Record<string, Operation<any>>> = {};
