import type { DetailLevel } from '../store/detailSlice';

/** What the detail-level control says. Data, so the words live in one place. */
export const DETAIL_LEVEL_TEXT: Record<DetailLevel, { label: string; hint: string }> = {
  overview: {
    label: 'Overview',
    hint: 'The client, dockerd, the registry and the host’s objects; calls inside the host shown as one step each',
  },
  full: {
    label: 'Under the hood',
    hint: 'Every message: containerd, the shim, runc and the kernel’s system calls',
  },
};
