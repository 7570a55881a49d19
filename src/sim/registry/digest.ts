/** Content addressing: real SHA-256 digests, computed in the browser and in Node alike. */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Digest } from './ociTypes';

/** `sha256:<hex>` of some bytes. */
export const digestOfBytes = (bytes: Uint8Array): Digest => `sha256:${bytesToHex(sha256(bytes))}`;

/** `sha256:<hex>` of a string's UTF-8 bytes. */
export const digestOfString = (text: string): Digest => digestOfBytes(utf8ToBytes(text));

/** The hex part of a digest (what the CLI shortens to 12 characters). */
export const digestHex = (digest: Digest): string => digest.slice('sha256:'.length);

/** UTF-8 byte length of a string: the `size` of a served JSON body (index, manifest, config). */
export const byteLength = (text: string): number => utf8ToBytes(text).length;
