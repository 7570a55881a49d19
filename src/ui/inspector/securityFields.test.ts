// ── sec: the inspector names what the security options changed in a spec ──
import { describe, expect, it } from 'vitest';
import { ociSections } from './inspect';

const field = (spec: Record<string, unknown>, name: string) =>
  ociSections(spec, 'test')[0]?.fields?.find((f) => f.name.startsWith(name))?.value;

describe('the OCI section of the inspector', () => {
  const base = {
    process: { args: ['sh'], user: { uid: 0, gid: 0 }, apparmorProfile: 'docker-default' },
    linux: {
      namespaces: [
        { type: 'mount' },
        { type: 'network' },
        { type: 'uts' },
        { type: 'pid' },
        { type: 'ipc' },
      ],
      seccomp: { defaultAction: 'SCMP_ACT_ERRNO' },
    },
  };

  it('adds nothing for Docker’s defaults', () => {
    expect(field(base, 'apparmorProfile')).toBeUndefined();
    expect(field(base, 'process.user')).toBeUndefined();
    expect(field(base, 'namespaces')).toBe('mount, network, uts, pid, ipc');
  });

  it('names joined and host namespaces, no seccomp, the user and a read-only root', () => {
    const spec = {
      process: { args: ['sh'], user: { uid: 1000, gid: 1000 }, apparmorProfile: 'unconfined' },
      root: { path: '/x', readonly: true },
      linux: {
        namespaces: [{ type: 'mount' }, { type: 'network', path: '/proc/1201/ns/net' }],
      },
    };
    expect(field(spec, 'namespaces')).toBe(
      'mount, network (joins /proc/1201/ns/net); the host’s own: pid, ipc, uts',
    );
    expect(field(spec, 'seccomp')).toMatch(/^none/);
    expect(field(spec, 'apparmorProfile')).toBe('unconfined');
    expect(field(spec, 'process.user')).toBe('uid 1000, gid 1000');
    expect(field(spec, 'root.readonly')).toBe('true');
  });
});
