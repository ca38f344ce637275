// Ciphertext blobs: an opaque string binding key ARN, material version, algorithm, the exact encryption context and
// the plaintext, authenticated with an HMAC over the key material's secret so that any change is noticed by Decrypt.
import { createHmac, timingSafeEqual } from 'node:crypto';
import { z } from 'zod';
import type { Arn } from '../arn.ts';
import type { EncryptionContext, KeyMaterial } from '../state.ts';

/** What a ciphertext says about itself once decoded (before it is authenticated). */
export interface CiphertextHeader {
  readonly keyArn: Arn;
  readonly version: number;
  readonly algorithm: string;
  readonly nonce: string;
  /** The encrypted plaintext, base64. */
  readonly body: string;
  /** HMAC-SHA256 over everything above and the encryption context, base64. */
  readonly tag: string;
}

const PREFIX = 'kw1.';

const headerSchema = z.strictObject({
  keyArn: z.string().startsWith('arn:aws:kms:'),
  version: z.number().int().min(1),
  algorithm: z.string().min(1),
  nonce: z.string().min(1),
  body: z.string(),
  tag: z.string().min(1),
});

/**
 * https://docs.aws.amazon.com/kms/latest/developerguide/encrypt_context.html — the encryption context is additional
 * authenticated data: "only the exact same (case-sensitive) encryption context" decrypts; the order of pairs does not
 * matter. Canonical form: pairs sorted by key.
 */
export function canonicalContext(ec: EncryptionContext | undefined): string {
  const pairs = Object.entries(ec ?? {}).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return JSON.stringify(pairs);
}

const hmac = (secret: string, data: string): Buffer => createHmac('sha256', secret).update(data).digest();

/** A keystream of `length` bytes from the material secret and the nonce (HMAC in counter mode). */
function keystream(secret: string, nonce: string, length: number): Buffer {
  const blocks: Buffer[] = [];
  for (let i = 0; blocks.length * 32 < length; i++) blocks.push(hmac(secret, `stream\n${nonce}\n${i}`));
  return Buffer.concat(blocks).subarray(0, length);
}

const xor = (data: Buffer, stream: Buffer): Buffer => Buffer.from(data.map((b, i) => b ^ stream[i]!));

function tagOf(secret: string, h: Omit<CiphertextHeader, 'tag'>, ec: EncryptionContext | undefined): string {
  return hmac(secret, JSON.stringify([h.keyArn, h.version, h.algorithm, h.nonce, canonicalContext(ec), h.body])).toString('base64');
}

export interface SealRequest {
  readonly keyArn: Arn;
  readonly material: KeyMaterial;
  readonly algorithm: string;
  /** A fresh value per ciphertext (drawn from the state), so equal plaintexts give different ciphertexts, as in AWS. */
  readonly nonce: string;
  readonly encryptionContext: EncryptionContext | undefined;
  readonly plaintext: string;
}

/** Encrypt: the ciphertext blob for a plaintext under one key material version. */
export function seal(r: SealRequest): string {
  const data = Buffer.from(r.plaintext, 'utf8');
  const body = xor(data, keystream(r.material.secret, r.nonce, data.length)).toString('base64');
  const unsigned = { keyArn: r.keyArn, version: r.material.version, algorithm: r.algorithm, nonce: r.nonce, body };
  const header: CiphertextHeader = { ...unsigned, tag: tagOf(r.material.secret, unsigned, r.encryptionContext) };
  return PREFIX + Buffer.from(JSON.stringify(header), 'utf8').toString('base64');
}

/** JSON.parse that answers undefined for text that is not JSON. */
function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** The header of a blob this model produced, or undefined for anything else (InvalidCiphertextException). */
export function decodeCiphertext(blob: string): CiphertextHeader | undefined {
  if (!blob.startsWith(PREFIX)) return undefined;
  const parsed = headerSchema.safeParse(parseJson(Buffer.from(blob.slice(PREFIX.length), 'base64').toString('utf8')));
  return parsed.success ? { ...parsed.data, keyArn: parsed.data.keyArn as Arn } : undefined;
}

/** Authenticate a ciphertext against its material and the request's encryption context; the plaintext, or undefined. */
export function openCiphertext(h: CiphertextHeader, material: KeyMaterial, ec: EncryptionContext | undefined): string | undefined {
  const expected = Buffer.from(tagOf(material.secret, h, ec), 'base64');
  const given = Buffer.from(h.tag, 'base64');
  if (given.length !== expected.length || !timingSafeEqual(given, expected)) return undefined;
  const data = Buffer.from(h.body, 'base64');
  return xor(data, keystream(material.secret, h.nonce, data.length)).toString('utf8');
}

/** Deterministic pseudo-random bytes bound to a material secret and a nonce (data keys, signatures, public keys). */
export const derivedBytes = (secret: string, label: string, length: number): Buffer => keystream(secret, `${label}\n`, length);
