import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/** `sha256:<hex>` of a string's UTF-8 bytes: a content digest. */
export function digestOf(text: string): string {
  return `sha256:${bytesToHex(sha256(utf8ToBytes(text)))}`;
}

/**
 * The chain IDs of a layer stack (OCI image spec): the first is the first
 * diff ID; each next is sha256 of "<previous chain ID> <diff ID>". Snapshots
 * are keyed by chain ID, which is why two images with the same base layers
 * share their snapshots on disk.
 */
export function chainIds(diffIds: readonly string[]): string[] {
  const out: string[] = [];
  for (const d of diffIds) {
    const prev = out[out.length - 1];
    out.push(prev === undefined ? d : digestOf(`${prev} ${d}`));
  }
  return out;
}
