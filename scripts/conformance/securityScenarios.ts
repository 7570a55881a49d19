// ── sec: security options and namespaces, the real CLI against the simulated daemon ──
import type { Scenario } from './scenarios';

export const SECURITY_SCENARIOS: Scenario[] = [
  {
    name: 'security-and-namespaces',
    setup: ['docker pull alpine', 'docker pull nginx', 'docker run -d --name web nginx'],
    steps: [
      'docker run --rm alpine ip link add dummy0 type dummy',
      'docker run --rm --cap-add net_admin alpine ip link add dummy0 type dummy',
      'docker run --rm --privileged alpine ip link add dummy0 type dummy',
      'docker run --rm --read-only alpine sh -c "echo hi > /x"',
      'docker run --rm -u 1000:1000 alpine id',
      'docker run --rm -u 1000 alpine whoami',
      'docker run --rm --uts host alpine hostname',
      'docker run --rm --pid container:web alpine ps',
      'docker run --rm --network container:web alpine hostname',
      'docker create --name sec --cap-add sys_time --cap-drop ALL --read-only --security-opt no-new-privileges --pid host alpine',
      'docker inspect -f "{{.HostConfig.CapAdd}} {{.HostConfig.CapDrop}} {{.HostConfig.ReadonlyRootfs}} {{.HostConfig.SecurityOpt}} {{.HostConfig.PidMode}} {{.HostConfig.IpcMode}} {{.AppArmorProfile}}" sec',
      'docker create --name priv --privileged alpine',
      'docker inspect -f "{{.HostConfig.Privileged}} {{.HostConfig.SecurityOpt}} {{.HostConfig.MaskedPaths}} {{.AppArmorProfile}}" priv',
      'docker run --rm --cap-add foo alpine true',
      'docker run --rm --security-opt foo=bar alpine true',
      'docker run --rm --security-opt foo alpine true',
      'docker run --rm --ipc foo alpine true',
      'docker run --rm --uts host -h box alpine true',
      'docker run --rm --network container:web -p 8080:80 alpine true',
      'docker run --rm --pid container:nosuch alpine true',
      'docker stop web',
      'docker run --rm --network container:web alpine true',
    ],
  },
];
