/**
 * The kinds of component a message travels between, in the diagram's
 * left-to-right (architecture) order: who asks comes before who is asked.
 * `shim` stands for every container's `containerd-shim-runc-v2`, `container`
 * for every container's process. Drills answer in roles, Mermaid orders its
 * participants and the timeline its filter by this one list.
 */
export const ROLE_ORDER = [
  'client',
  'dockerd',
  'registry',
  'auth',
  'containerd',
  'shim',
  'runc',
  'kernel',
  'container',
] as const;

export type Role = (typeof ROLE_ORDER)[number];

/** `shim-88ad7c16b3dc` → `shim`, `container-…` → `container`; fixed ids stay. */
export function roleOf(componentId: string): string {
  const m = /^(shim|container)-/.exec(componentId);
  return m ? m[1]! : componentId;
}

/** Position in ROLE_ORDER (unknown ids last). */
export function roleRank(componentId: string): number {
  const i = (ROLE_ORDER as readonly string[]).indexOf(roleOf(componentId));
  return i < 0 ? ROLE_ORDER.length : i;
}
