import type { ContainerRecord, DockerdState, ImageRecord } from './model';
import { DaemonError, notFound } from './errors';
import { familiarString, parseReference, withDefaultTag } from '../image/reference';

/**
 * Find a container the way dockerd does: full ID, exact name (with or without
 * the leading slash), then a unique ID prefix.
 */
export function findContainer(state: DockerdState, idOrName: string): ContainerRecord {
  if (!idOrName) throw notFound('No such container: ');
  const direct = state.containers[idOrName];
  if (direct) return direct;
  const byName = state.names[idOrName.startsWith('/') ? idOrName : `/${idOrName}`];
  if (byName) return state.containers[byName]!;
  if (/^[a-f0-9]+$/.test(idOrName)) {
    const matches = Object.keys(state.containers).filter((id) => id.startsWith(idOrName));
    if (matches.length === 1) return state.containers[matches[0]!]!;
    if (matches.length > 1) {
      throw new DaemonError(
        'InvalidParameter',
        `multiple IDs found with provided prefix: ${idOrName}`,
      );
    }
  }
  throw notFound(`No such container: ${idOrName}`);
}

/**
 * Find a local image by reference (`nginx`, `nginx:1.27`, `docker.io/library/nginx`)
 * or by ID / ID prefix (`sha256:ab12…`, `ab12…`). Returns undefined when absent.
 */
export function findImage(state: DockerdState, ref: string): ImageRecord | undefined {
  const hex = ref.startsWith('sha256:') ? ref.slice(7) : ref;
  if (/^[a-f0-9]{4,64}$/.test(hex)) {
    const id = Object.keys(state.images).find((i) => i.slice(7).startsWith(hex));
    if (id) return state.images[id];
  }
  const parsed = parseReference(ref);
  if (!parsed.ok) return undefined;
  const tag = familiarString(withDefaultTag(parsed));
  const id = state.tags[tag];
  return id ? state.images[id] : undefined;
}

/** `nginx` → `nginx:latest`, the key of `state.tags`; undefined if unparsable. */
export function tagKey(ref: string): string | undefined {
  const parsed = parseReference(ref);
  return parsed.ok ? familiarString(withDefaultTag(parsed)) : undefined;
}
