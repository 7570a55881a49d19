// ── sec: a property over random security flags: the spec and the kernel agree with moby's rules ──
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { Engine } from '../engine';
import type { OciSpec } from '../dockerd/ociSpec';

const CONTAINERS_CREATE = 'containerd.services.containers.v1.Containers/Create';

const CAPS = ['net_admin', 'NET_ADMIN', 'CAP_NET_ADMIN', 'sys_time', 'chown', 'ALL', 'net_raw'];
const flagsArb = fc.record({
  privileged: fc.boolean(),
  add: fc.subarray(CAPS, { maxLength: 3 }),
  drop: fc.subarray(CAPS, { maxLength: 3 }),
  unconfined: fc.boolean(),
  readOnly: fc.boolean(),
});

describe('security flags: spec and kernel agree (property)', () => {
  it('ip link add succeeds exactly when the spec’s effective set has CAP_NET_ADMIN; privileged means all 41 and no seccomp', () => {
    const e = new Engine({ seed: 5 });
    e.run('docker pull alpine');
    fc.assert(
      fc.property(flagsArb, (f) => {
        const flags = [
          f.privileged ? '--privileged' : '',
          ...f.add.map((c) => `--cap-add ${c}`),
          ...f.drop.map((c) => `--cap-drop ${c}`),
          f.unconfined ? '--security-opt seccomp=unconfined' : '',
          f.readOnly ? '--read-only' : '',
        ]
          .filter(Boolean)
          .join(' ');
        const r = e.run(`docker run --rm ${flags} alpine ip link add dummy0 type dummy`);
        const spec = (
          e.trace.filter(
            (m) =>
              m.operation === CONTAINERS_CREATE && m.kind === 'request' && m.commandId === r.id,
          )[0]!.request as { spec: OciSpec }
        ).spec;
        const caps = spec.process.capabilities!;
        // Docker sets the three sets alike; the kernel's answer follows the effective one.
        expect(caps.bounding).toEqual(caps.effective);
        expect(caps.permitted).toEqual(caps.effective);
        expect(r.exitCode).toBe(caps.effective!.includes('CAP_NET_ADMIN') ? 0 : 2);
        if (f.privileged) {
          expect(caps.effective).toHaveLength(41);
          expect(spec.linux.seccomp).toBeUndefined();
        }
        expect(spec.linux.seccomp === undefined).toBe(f.privileged || f.unconfined);
        expect(!!spec.root.readonly).toBe(f.readOnly);
      }),
      { numRuns: 25, seed: 14 },
    );
  });
});
