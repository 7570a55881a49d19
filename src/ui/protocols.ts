import type { Protocol } from '../sim/core/types';

/**
 * How each protocol is drawn. Colours come from the Okabe–Ito palette (told
 * apart with the common colour-vision deficiencies) as CSS variables so each
 * theme can tune lightness; streams and events also get a dash pattern, so
 * colour is never the only cue.
 */
export interface ProtocolStyle {
  label: string;
  description: string;
  color: string;
  dash?: string;
}

export const PROTOCOLS: Record<Protocol, ProtocolStyle> = {
  http: {
    label: 'HTTP',
    description: 'Docker Engine API and registry API',
    color: 'var(--proto-http)',
  },
  tls: {
    label: 'TLS',
    description: 'the handshake before HTTPS to a remote daemon',
    color: 'var(--proto-http)',
    dash: '1 3',
  },
  ssh: {
    label: 'SSH',
    description: 'an ssh session that carries the Engine API',
    color: 'var(--proto-exec)',
    dash: '8 3',
  },
  grpc: { label: 'gRPC', description: 'dockerd → containerd', color: 'var(--proto-grpc)' },
  ttrpc: { label: 'ttrpc', description: 'containerd ↔ shim', color: 'var(--proto-ttrpc)' },
  exec: {
    label: 'exec',
    description: 'a binary is started (shim, runc)',
    color: 'var(--proto-exec)',
  },
  syscall: {
    label: 'syscall',
    description: 'a call into the Linux kernel',
    color: 'var(--proto-syscall)',
  },
  stream: {
    label: 'stream',
    description: 'output and progress bytes',
    color: 'var(--proto-stream)',
    dash: '6 4',
  },
  event: {
    label: 'event',
    description: 'one-way notification',
    color: 'var(--proto-event)',
    dash: '2 4',
  },
  packet: {
    label: 'packet',
    description: 'an IP packet through veth pairs, a bridge or NAT',
    color: 'var(--proto-syscall)',
    dash: '3 2',
  },
  dbus: {
    label: 'D-Bus',
    description: 'systemctl ↔ systemd on the system bus',
    color: 'var(--proto-exec)',
    dash: '4 2',
  },
};

export const PROTOCOL_ORDER: readonly Protocol[] = [
  'http',
  'tls',
  'ssh',
  'grpc',
  'ttrpc',
  'exec',
  'syscall',
  'stream',
  'event',
  'packet',
  'dbus',
];
