/** The roles a drill's answers are given in (tiny, so the page can load it at once). */

/** Roles as the diagram shows them, in its left-to-right order. */
export const ROLES = [
  'client',
  'dockerd',
  'auth',
  'registry',
  'containerd',
  'shim',
  'runc',
  'kernel',
  'container',
] as const;

/** `shim-88ad7c16b3dc` → `shim`, `container-…` → `container`; fixed ids stay. */
export function roleOf(componentId: string): string {
  const m = /^(shim|container)-/.exec(componentId);
  return m ? m[1]! : componentId;
}
