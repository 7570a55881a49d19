// ── sec: security options and namespaces on `docker run` / `docker create` ──
/**
 * The security and namespace flags as docker/cli 28.2 reads them
 * (cli/command/container/opts.go parse) and as its API client sends them
 * (client/container_create.go normalizes CapAdd/CapDrop). What the daemon
 * checks is dockerd's business (src/sim/dockerd/securityOptions.ts); here only
 * what the CLI itself refuses, in its words, before it sends the request.
 */
import { goJsonSyntaxError } from '../../dockerd/daemonConfig';
import { isOn, last, type FlagValues } from '../flags';

/** The flag names `docker run` and `docker create` take for these (RUN_FLAGS lists them). */
export const SECURITY_FLAGS = [
  'cap-add',
  'cap-drop',
  'privileged',
  'security-opt',
  'user',
  'read-only',
  'userns',
  'device',
  'group-add',
  'pid',
  'ipc',
  'uts',
];

/** A `--device` as the API carries it (container.DeviceMapping). */
export interface DeviceMapping {
  PathOnHost: string;
  PathInContainer: string;
  CgroupPermissions: string;
}

export interface SecurityFlags {
  user: string;
  capAdd: string[] | null;
  capDrop: string[] | null;
  privileged: boolean;
  securityOpt: string[] | null;
  readonlyRootfs: boolean;
  groupAdd: string[] | null;
  usernsMode: string;
  pidMode: string;
  ipcMode: string;
  utsMode: string;
  devices: DeviceMapping[];
}

/**
 * The API client's normalizeCapabilities: upper-case, a `CAP_` prefix unless
 * the name is ALL, duplicates dropped, sorted; no flag at all stays null.
 */
export function normalizeCapabilities(caps: readonly string[]): string[] | null {
  if (caps.length === 0) return null;
  const out = new Set<string>();
  for (const given of caps) {
    const c = given.toUpperCase();
    out.add(c === 'ALL' || c.startsWith('CAP_') ? c : `CAP_${c}`);
  }
  return [...out].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
}

/** The only thing a PID, UTS or user namespace mode may be besides '' (moby's Valid()). */
function validPid(mode: string): boolean {
  if (mode === '' || mode === 'host') return true;
  const [kind, name] = splitOnce(mode, ':');
  return kind === 'container' && name !== '';
}

function splitOnce(s: string, sep: string): [string, string] {
  const i = s.indexOf(sep);
  return i < 0 ? [s, ''] : [s.slice(0, i), s.slice(i + 1)];
}

/** docker/cli validDeviceMode: at most one each of r, w and m. */
function validDeviceMode(mode: string): boolean {
  if (mode === '' || mode.length > 3) return false;
  const seen = new Set<string>();
  for (const ch of mode) {
    if (!'rwm'.includes(ch) || seen.has(ch)) return false;
    seen.add(ch);
  }
  return true;
}

/** path.Clean for the absolute paths a device names. */
function cleanPath(p: string): string {
  const abs = p.startsWith('/');
  const parts: string[] = [];
  for (const part of p.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length && parts.at(-1) !== '..') parts.pop();
      else if (!abs) parts.push('..');
    } else parts.push(part);
  }
  const joined = parts.join('/');
  return abs ? `/${joined}` : joined || '.';
}

/** docker/cli validateLinuxPath then parseLinuxDevice: `host[:container][:mode]`. */
function parseDevice(given: string): DeviceMapping | { error: string } {
  if ((given.match(/:/g) ?? []).length > 2) return { error: `bad format for path: ${given}` };
  const split = given.split(':');
  if (split[0] === '') return { error: `bad format for path: ${given}` };
  let containerPath: string;
  let validated: string;
  if (split.length === 1) {
    containerPath = split[0]!;
    validated = cleanPath(containerPath);
  } else if (split.length === 2) {
    if (validDeviceMode(split[1]!)) {
      containerPath = split[0]!;
      validated = `${cleanPath(containerPath)}:${split[1]}`;
    } else {
      containerPath = split[1]!;
      validated = `${split[0]}:${cleanPath(containerPath)}`;
    }
  } else {
    containerPath = split[1]!;
    if (!validDeviceMode(split[2]!)) return { error: `bad mode specified: ${split[2]}` };
    validated = given;
  }
  if (!containerPath.startsWith('/')) return { error: `${containerPath} is not an absolute path` };
  const arr = validated.split(':');
  const src = arr[0]!;
  let dst = '';
  let permissions = 'rwm';
  if (arr.length === 3) permissions = arr[2]!;
  if (arr.length >= 2) {
    if (validDeviceMode(arr[1]!)) permissions = arr[1]!;
    else dst = arr[1]!;
  }
  return { PathOnHost: src, PathInContainer: dst || src, CgroupPermissions: permissions };
}

/**
 * A file on the learner's machine, as os.ReadFile finds it: its text, or Go's error
 * (`open p: no such file or directory`, `read p: is a directory`).
 */
export type ReadLearnerFile = (path: string) => { text: string } | { error: string };

/**
 * docker/cli parseSecurityOpts: each option needs a value (`key=value`, or the
 * deprecated `key:value`), except no-new-privileges; `seccomp=<file>` is read
 * on the client (from the learner's machine) and its JSON sent inline, compacted.
 */
function parseSecurityOpts(
  opts: readonly string[],
  readFile: ReadLearnerFile,
): string[] | { error: string } {
  const out = [...opts];
  for (const [i, opt] of opts.entries()) {
    let [k, v] = splitOnce(opt, '=');
    let ok = opt.includes('=');
    if (!ok && k !== 'no-new-privileges') {
      [k, v] = splitOnce(opt, ':');
      ok = opt.includes(':');
    }
    if ((!ok || v === '') && k !== 'no-new-privileges')
      return { error: `Invalid --security-opt: ${JSON.stringify(opt)}` };
    if (k === 'seccomp' && v !== 'unconfined' && v !== 'builtin') {
      const file = readFile(v);
      if ('error' in file) return { error: `opening seccomp profile (${v}) failed: ${file.error}` };
      const syntax = goJsonSyntaxError(file.text);
      if (syntax !== undefined)
        return { error: `compacting json for seccomp profile (${v}) failed: ${syntax}` };
      out[i] = `seccomp=${compactJson(file.text)}`;
    }
  }
  return out;
}

/** encoding/json Compact of valid JSON: the whitespace outside strings goes, nothing else changes. */
export function compactJson(text: string): string {
  let out = '';
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i]!;
    if (inString) {
      out += c;
      if (c === '\\') out += text[++i] ?? '';
      else if (c === '"') inString = false;
    } else if (c === '"') {
      inString = true;
      out += c;
    } else if (!' \t\r\n'.includes(c)) out += c;
  }
  return out;
}

/** Read the security and namespace flags, or the CLI's error (exit 125, `docker: …`). */
export function securityFlags(
  flags: FlagValues,
  readFile: ReadLearnerFile = (path) => ({
    error: `open ${path}: no such file or directory`,
  }),
): SecurityFlags | { error: string } {
  const devices: DeviceMapping[] = [];
  for (const d of flags.device ?? []) {
    const parsed = parseDevice(d);
    if ('error' in parsed) return parsed;
    devices.push(parsed);
  }
  const pidMode = last(flags, 'pid') ?? '';
  if (!validPid(pidMode)) return { error: '--pid: invalid PID mode' };
  const utsMode = last(flags, 'uts') ?? '';
  if (utsMode !== '' && utsMode !== 'host') return { error: '--uts: invalid UTS mode' };
  const usernsMode = last(flags, 'userns') ?? '';
  if (usernsMode !== '' && usernsMode !== 'host') return { error: '--userns: invalid USER mode' };
  const opts = flags['security-opt'] ?? [];
  const securityOpt = parseSecurityOpts(opts, readFile);
  if ('error' in securityOpt) return securityOpt;
  const groupAdd = flags['group-add'] ?? [];
  return {
    user: last(flags, 'user') ?? '',
    capAdd: normalizeCapabilities(flags['cap-add'] ?? []),
    capDrop: normalizeCapabilities(flags['cap-drop'] ?? []),
    privileged: isOn(flags, 'privileged'),
    securityOpt: securityOpt.length ? securityOpt : null,
    readonlyRootfs: isOn(flags, 'read-only'),
    groupAdd: groupAdd.length ? [...groupAdd] : null,
    usernsMode,
    pidMode,
    // --ipc is not checked by the CLI: dockerd's verifyPlatformContainerSettings is.
    ipcMode: last(flags, 'ipc') ?? '',
    utsMode,
    devices,
  };
}

/** The body's fields these flags set, to spread over the create body (same keys, same order). */
export function securityBody(s: SecurityFlags) {
  return {
    User: s.user,
    HostConfig: {
      CapAdd: s.capAdd,
      CapDrop: s.capDrop,
      GroupAdd: s.groupAdd,
      IpcMode: s.ipcMode,
      PidMode: s.pidMode,
      Privileged: s.privileged,
      ReadonlyRootfs: s.readonlyRootfs,
      SecurityOpt: s.securityOpt,
      UTSMode: s.utsMode,
      UsernsMode: s.usernsMode,
      Devices: s.devices,
    },
  };
}

/**
 * Put these flags' values into a create body in the keys it already has: a
 * JavaScript object keeps a key where it was first set, so the body stays in
 * docker/cli's key order.
 */
export function withSecurity<B extends { User: string; HostConfig: Record<string, unknown> }>(
  s: SecurityFlags | undefined,
  body: B,
): B {
  if (!s) return body;
  const { User, HostConfig } = securityBody(s);
  body.User = User;
  Object.assign(body.HostConfig, HostConfig);
  return body;
}
