/**
 * An image platform as `--platform` names it (`linux/arm64`, `linux/amd64`),
 * read the way containerd's platforms.Parse reads it (obs): `os[/arch[/variant]]`
 * or an architecture alone (the host's OS then), `aarch64` as `arm64`,
 * `x86_64` as `amd64`, and arm64's implied `v8` dropped.
 */
export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

const OSES = new Set([
  'linux',
  'windows',
  'darwin',
  'freebsd',
  'netbsd',
  'openbsd',
  'solaris',
  'illumos',
  'aix',
  'android',
  'ios',
  'plan9',
  'js',
  'wasip1',
]);
const ARCHES: Record<string, string> = {
  amd64: 'amd64',
  x86_64: 'amd64',
  'x86-64': 'amd64',
  arm64: 'arm64',
  aarch64: 'arm64',
  arm: 'arm',
  '386': '386',
  i386: '386',
  ppc64le: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  mips64le: 'mips64le',
  loong64: 'loong64',
};

export function parsePlatform(
  spec: string,
): { ok: true; platform: Platform } | { ok: false; error: string } {
  const parts = spec.toLowerCase().split('/');
  const bad = {
    ok: false as const,
    error: `"${spec}": unknown operating system or architecture: invalid argument`,
  };
  if (parts.some((p) => p === '') || parts.length > 3) return bad;
  let os = 'linux';
  let rest = parts;
  if (OSES.has(parts[0]!)) {
    os = parts[0]!;
    rest = parts.slice(1);
  } else if (parts.length > 2) return bad;
  if (rest.length === 0) return { ok: true, platform: { os, architecture: 'amd64' } };
  const architecture = ARCHES[rest[0]!];
  if (!architecture) return bad;
  let variant = rest[1];
  if (architecture === 'arm64' && (variant === 'v8' || variant === '8')) variant = undefined;
  return { ok: true, platform: { os, architecture, ...(variant ? { variant } : {}) } };
}

/** platforms.FormatAll: `os/arch[/variant]`. */
export const formatPlatform = (p: Platform): string =>
  [p.os, p.architecture, p.variant].filter(Boolean).join('/');
