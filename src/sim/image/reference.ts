/**
 * Image references the way docker/distribution parses them
 * (`reference.ParseNormalizedNamed`): `nginx` means
 * `docker.io/library/nginx:latest`.
 *
 * @example
 * parseReference('nginx').familiar === 'nginx:latest'
 * parseReference('NGINX').error // 'invalid reference format: repository name (library/NGINX) must be lowercase'
 */
export interface ImageRef {
  /** Registry host, `docker.io` for Docker Hub. */
  domain: string;
  /** Repository path, `library/nginx`. */
  path: string;
  tag?: string;
  digest?: string;
}

export type ParsedRef = ({ ok: true } & ImageRef) | { ok: false; error: string };

const COMPONENT = '[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*';
const DOMAIN_COMPONENT = '(?:[a-zA-Z0-9]|[a-zA-Z0-9][a-zA-Z0-9-]*[a-zA-Z0-9])';
const DOMAIN = `(?:${DOMAIN_COMPONENT}(?:\\.${DOMAIN_COMPONENT})*|\\[[a-fA-F0-9:]+\\])(?::[0-9]+)?`;
const TAG = '[\\w][\\w.-]{0,127}';
const DIGEST = '[A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*:[0-9a-fA-F]{32,}';
const REFERENCE = new RegExp(
  `^((?:${DOMAIN}/)?${COMPONENT}(?:/${COMPONENT})*)(?::(${TAG}))?(?:@(${DIGEST}))?$`,
);
const HEX64 = /^[a-f0-9]{64}$/;

export const DEFAULT_DOMAIN = 'docker.io';

export function parseReference(input: string): ParsedRef {
  if (HEX64.test(input)) {
    return {
      ok: false,
      error: `invalid repository name (${input}), cannot specify 64-byte hexadecimal strings`,
    };
  }
  const { domain, remainder } = splitDomain(input);
  const nameEnd = remainder.search(/[:@]/);
  const remoteName = nameEnd === -1 ? remainder : remainder.slice(0, nameEnd);
  if (remoteName.toLowerCase() !== remoteName) {
    return {
      ok: false,
      error: `invalid reference format: repository name (${remoteName}) must be lowercase`,
    };
  }
  const canonical = `${domain}/${remainder}`;
  const m = REFERENCE.exec(canonical);
  if (!m) return { ok: false, error: 'invalid reference format' };
  const name = m[1]!;
  if (name.length > 255) {
    return {
      ok: false,
      error: 'invalid reference format: repository name must not be more than 255 characters',
    };
  }
  const ref: ImageRef = { domain, path: name.slice(domain.length + 1) };
  if (m[2] !== undefined) ref.tag = m[2];
  if (m[3] !== undefined) ref.digest = m[3];
  return { ok: true, ...ref };
}

function splitDomain(name: string): { domain: string; remainder: string } {
  const slash = name.indexOf('/');
  let domain = DEFAULT_DOMAIN;
  let remainder = name;
  if (slash !== -1) {
    const first = name.slice(0, slash);
    if (
      first.includes('.') ||
      first.includes(':') ||
      first === 'localhost' ||
      first.toLowerCase() !== first
    ) {
      domain = first;
      remainder = name.slice(slash + 1);
    }
  }
  if (domain === 'index.docker.io') domain = DEFAULT_DOMAIN;
  if (domain === DEFAULT_DOMAIN && !remainder.includes('/')) remainder = `library/${remainder}`;
  return { domain, remainder };
}

/** Adds `:latest` when neither a tag nor a digest was given (`reference.TagNameOnly`). */
export function withDefaultTag(ref: ImageRef): ImageRef {
  return ref.tag || ref.digest ? ref : { ...ref, tag: 'latest' };
}

/** `nginx`, `user/app`, `ghcr.io/x/y`: how the CLI shows a repository. */
export function familiarName(ref: ImageRef): string {
  if (ref.domain === DEFAULT_DOMAIN) {
    return ref.path.startsWith('library/') ? ref.path.slice('library/'.length) : ref.path;
  }
  return `${ref.domain}/${ref.path}`;
}

/** `nginx:latest`, `nginx@sha256:…`. */
export function familiarString(ref: ImageRef): string {
  return familiarName(ref) + suffix(ref);
}

/** `docker.io/library/nginx:latest`. */
export function canonicalString(ref: ImageRef): string {
  return `${ref.domain}/${ref.path}${suffix(ref)}`;
}

function suffix(ref: ImageRef): string {
  return (ref.tag ? `:${ref.tag}` : '') + (ref.digest ? `@${ref.digest}` : '');
}
