import type { Files } from './contextStore';
import { redactedMark } from '../core/secrets';

/**
 * The docker CLI's credentials (docker/cli 28 cli/config): config.json's
 * `auths` (base64 of `user:password` in `auth`, the file store), or a
 * credential helper named by `credsStore` or `credHelpers`
 * (`docker-credential-<name>`, a separate program the CLI runs). The
 * learner's machine has no credential helper installed, so a configured
 * helper fails the way the CLI fails when the program is not on $PATH.
 */

/** registry.IndexServer: the key Docker Hub's login is stored under. */
export const INDEX_SERVER = 'https://index.docker.io/v1/';

/** The unencrypted-store warning (cli/config/credentials/file_store.go), printed with Println. */
export const unencryptedWarning = (file: string): string =>
  `\nWARNING! Your credentials are stored unencrypted in '${file}'.\nConfigure a credential helper to remove this warning. See\nhttps://docs.docker.com/go/credential-store/\n\n`;

export interface AuthConfig {
  username?: string;
  password?: string;
  serveraddress?: string;
}

type ConfigJson = Record<string, unknown> & {
  auths?: Record<string, { auth?: string }>;
  credsStore?: string;
  credHelpers?: Record<string, string>;
};

function read(files: Files, file: string): ConfigJson {
  const text = files.get(file);
  if (!text) return {};
  try {
    const v = JSON.parse(text) as unknown;
    return v && typeof v === 'object' && !Array.isArray(v) ? (v as ConfigJson) : {};
  } catch {
    return {};
  }
}

/** Save as configfile.Save does: MarshalIndent with tabs, `auths` first and always there. */
function save(files: Files, file: string, cfg: ConfigJson): void {
  const { auths, ...rest } = cfg;
  files.set(file, JSON.stringify({ auths: auths ?? {}, ...rest }, null, '\t'));
}

/** The key the CLI stores a registry's login under: Docker Hub's index URL, else the host[:port]. */
export function authKeyOf(domain: string): string {
  return domain === 'docker.io' || domain === 'index.docker.io' ? INDEX_SERVER : domain;
}

/** ConvertToHostname: `https://localhost:5000/v2/` → `localhost:5000`. */
export function hostnameOf(address: string): string {
  return address.replace(/^[a-z]+:\/\//, '').replace(/\/.*$/, '');
}

/** The helper configured for `key` (credHelpers by hostname, then credsStore), if any. */
export function helperFor(files: Files, file: string, key: string): string | undefined {
  const cfg = read(files, file);
  const byHost = cfg.credHelpers?.[hostnameOf(key)];
  if (typeof byHost === 'string' && byHost !== '') return byHost;
  return typeof cfg.credsStore === 'string' && cfg.credsStore !== '' ? cfg.credsStore : undefined;
}

/** Go's exec error when the helper program is not installed. */
const notFound = (helper: string) =>
  `exec: "docker-credential-${helper}": executable file not found in $PATH`;

/** What the CLI holds for `key`, or the helper's error (`error getting credentials - …`). */
export function getAuth(
  files: Files,
  file: string,
  key: string,
): { ok: true; auth: AuthConfig } | { ok: false; error: string } {
  const helper = helperFor(files, file, key);
  if (helper)
    return { ok: false, error: `error getting credentials - err: ${notFound(helper)}, out: \`\`` };
  const cfg = read(files, file);
  const entry =
    cfg.auths?.[key] ?? Object.entries(cfg.auths ?? {}).find(([k]) => hostnameOf(k) === key)?.[1];
  if (!entry?.auth) return { ok: true, auth: {} };
  let decoded: string;
  try {
    decoded = atob(entry.auth);
  } catch {
    return { ok: true, auth: {} };
  }
  const colon = decoded.indexOf(':');
  return {
    ok: true,
    auth: {
      username: decoded.slice(0, colon),
      password: decoded.slice(colon + 1),
      serveraddress: key,
    },
  };
}

/**
 * Store a login: through its helper (which is not installed: the CLI's error), or
 * base64 in `auths`. Returns the error text, or whether the file store changed
 * (the warning is printed only then).
 */
export function storeAuth(
  files: Files,
  file: string,
  auth: Required<AuthConfig>,
): { error: string } | { changed: boolean } {
  const helper = helperFor(files, file, auth.serveraddress);
  if (helper)
    return {
      error: `Error saving credentials: error storing credentials - err: ${notFound(helper)}, out: \`\``,
    };
  const cfg = read(files, file);
  const encoded = btoa(unescape(encodeURIComponent(`${auth.username}:${auth.password}`)));
  if (cfg.auths?.[auth.serveraddress]?.auth === encoded) return { changed: false };
  save(files, file, {
    ...cfg,
    auths: { ...(cfg.auths ?? {}), [auth.serveraddress]: { auth: encoded } },
  });
  return { changed: true };
}

/** Erase a login from the file store (a helper: its error). Nothing stored: nothing written. */
export function eraseAuth(files: Files, file: string, key: string): string | undefined {
  const helper = helperFor(files, file, key);
  if (helper) return `error erasing credentials - err: ${notFound(helper)}, out: \`\``;
  const cfg = read(files, file);
  if (!cfg.auths || !Object.hasOwn(cfg.auths, key)) return undefined;
  const { [key]: _gone, ...auths } = cfg.auths;
  save(files, file, { ...cfg, auths });
  return undefined;
}

/**
 * registry.EncodeAuthConfig: base64url of the JSON (omitempty fields), the
 * X-Registry-Auth header. What DockScope records carries the password's mark,
 * never the password: see core/secrets.ts.
 */
export function encodeAuthHeader(auth: AuthConfig): string {
  const json = JSON.stringify({
    ...(auth.username ? { username: auth.username } : {}),
    ...(auth.password ? { password: redactedMark(auth.password) } : {}),
    ...(auth.serveraddress ? { serveraddress: auth.serveraddress } : {}),
  });
  const b64 = btoa(unescape(encodeURIComponent(json)));
  return b64.replace(/\+/g, '-').replace(/\//g, '_');
}
