// Zod pieces shared by the KMS operations' input schemas (the shapes of the KMS API Reference's request syntax).
import { z } from 'zod';

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_DescribeKey.html — KeyId: 1..2048 characters. */
export const keyIdSchema = z.string().min(1).max(2048);

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html — EncryptionContext: string-to-string map. */
export const encryptionContextSchema = z.record(z.string(), z.string()).optional();

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_Encrypt.html — GrantTokens: up to 10 tokens. */
export const grantTokensSchema = z.array(z.string().min(1).max(8192)).max(10).optional();

const byteLength = (s: string): number => Buffer.byteLength(s, 'utf8');

/** A binary field given as UTF-8 text (SCENARIOS.md), 1..max bytes. */
export const binaryText = (max: number) =>
  z
    .string()
    .min(1)
    .refine((s) => byteLength(s) <= max, { message: `Member must have length less than or equal to ${max}` });

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_ListKeys.html — Limit 1..1000, Marker: opaque. */
export const paginationShape = {
  Limit: z.number().int().min(1).max(1000).optional(),
  Marker: z.string().min(1).max(1024).optional(),
};

/** https://docs.aws.amazon.com/kms/latest/APIReference/API_Tag.html — TagKey 1..128, TagValue 0..256. */
export const tagSchema = z.strictObject({ TagKey: z.string().min(1).max(128), TagValue: z.string().max(256) });

export const encryptionAlgorithmSchema = z.enum(['SYMMETRIC_DEFAULT', 'RSAES_OAEP_SHA_1', 'RSAES_OAEP_SHA_256', 'SM2PKE']);
export type EncryptionAlgorithm = z.infer<typeof encryptionAlgorithmSchema>;
