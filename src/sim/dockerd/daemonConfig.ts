/**
 * /etc/docker/daemon.json as dockerd reads it (moby 28 daemon/config:
 * getConflictFreeConfiguration, findConfigurationConflicts): whitespace only
 * is an empty configuration; otherwise the text must be a JSON object (Go's
 * encoding/json errors, word for word), and every key must be one of dockerd's
 * options. A file that does not exist is no error: the defaults apply.
 */

export type CgroupDriver = 'systemd' | 'cgroupfs';

/** What DockScope's dockerd takes from its configuration. */
export interface DaemonConfig {
  liveRestore: boolean;
  debug: boolean;
  cgroupDriver: CgroupDriver;
  labels: string[];
  /**
   * `"features": {"containerd-snapshotter": …}`: the containerd image store
   * (true) or the classic overlay2 graph driver (false). Engine 28's own
   * default without the key is overlay2; DockScope's host defaults to the
   * containerd store (the store every lesson and share link was made with),
   * which is what an administrator gets by setting the key to true.
   */
  containerdSnapshotter: boolean;
}

export const DEFAULT_CONFIG: DaemonConfig = Object.freeze({
  liveRestore: false,
  debug: false,
  // Docker Engine on a cgroup v2 host with systemd as init defaults to the systemd driver.
  cgroupDriver: 'systemd',
  labels: [],
  containerdSnapshotter: true,
}) as DaemonConfig;

export const DAEMON_JSON = '/etc/docker/daemon.json';

/**
 * The keys daemon.json may hold in moby 28 on Linux (the json names of
 * daemon/config's Config and its embedded structs, and the registry options).
 */
const KNOWN_KEYS = new Set(
  (
    'allow-direct-routing api-cors-header authorization-plugins bip bip6 bridge builder ' +
    'cdi-spec-dirs cgroup-parent containerd containerd-namespace containerd-plugin-namespace ' +
    'cpu-rt-period cpu-rt-runtime cri-containerd data-root debug default-address-pools ' +
    'default-cgroupns-mode default-gateway default-gateway-v6 default-init default-ipc-mode ' +
    'default-network-opts default-runtime default-shm-size default-ulimits dns dns-opts ' +
    'dns-search exec-opts exec-root experimental features fixed-cidr fixed-cidr-v6 group ' +
    'host-gateway-ip host-gateway-ips hosts http-proxy https-proxy icc init init-path ip ' +
    'ip-forward ip-forward-no-drop ip-masq ip6tables iptables ipv6 labels live-restore ' +
    'log-driver log-format log-level log-opts max-concurrent-downloads max-concurrent-uploads ' +
    'max-download-attempts metrics-addr mtu network-control-plane-mtu network-diagnostic-port ' +
    'no-new-privileges no-proxy node-generic-resources pidfile proxies raw-logs resolv-conf ' +
    'rootless runtimes seccomp-profile selinux-enabled shutdown-timeout storage-driver ' +
    'storage-opts swarm-default-advertise-addr swarm-raft-election-tick ' +
    'swarm-raft-heartbeat-tick tls tlscacert tlscert tlskey tlsverify userland-proxy ' +
    'userland-proxy-path userns-remap insecure-registries registry-mirrors ' +
    'allow-nondistributable-artifacts deprecated-key-path'
  ).split(' '),
);
/** Keys whose object value is one option, not a group of options (moby's flatOptions). */
const FLAT = new Set([
  'cluster-store-opts',
  'default-network-opts',
  'log-opts',
  'runtimes',
  'default-ulimits',
  'features',
  'builder',
]);

/**
 * `stage`: where dockerd finds the problem: loading the file (wrapped in "unable to
 * configure the Docker daemon with file …") or creating the daemon ("failed to start daemon: …").
 */
export type ConfigResult =
  { ok: true; config: DaemonConfig } | { ok: false; error: string; stage?: 'start' };

/**
 * The configuration `text` gives (undefined: no file), or the error dockerd
 * wraps in "unable to configure the Docker daemon with file …".
 */
export function parseDaemonJson(text: string | undefined): ConfigResult {
  if (text === undefined) return { ok: true, config: { ...DEFAULT_CONFIG } };
  const trimmed = text.trim();
  if (trimmed === '') return { ok: true, config: { ...DEFAULT_CONFIG } };
  const syntax = goJsonSyntaxError(trimmed);
  if (syntax) return { ok: false, error: syntax };
  const value: unknown = JSON.parse(trimmed);
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    const kind = Array.isArray(value)
      ? 'array'
      : value === null
        ? undefined
        : typeof value === 'boolean'
          ? 'bool'
          : typeof value;
    // null decodes into a map as an empty one.
    if (kind === undefined) return { ok: true, config: { ...DEFAULT_CONFIG } };
    return {
      ok: false,
      error: `json: cannot unmarshal ${kind} into Go value of type map[string]interface {}`,
    };
  }
  const obj = value as Record<string, unknown>;
  const flat: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(obj)) {
    if (typeof v === 'object' && v !== null && !Array.isArray(v) && !FLAT.has(k))
      Object.assign(flat, v);
    else flat[k] = v;
  }
  const unknown = Object.keys(flat).filter((k) => !KNOWN_KEYS.has(k));
  if (unknown.length > 0)
    return {
      ok: false,
      error: `the following directives don't match any configuration option: ${unknown.join(', ')}`,
    };
  for (const key of ['live-restore', 'debug'] as const) {
    const v = obj[key];
    if (v !== undefined && v !== null && typeof v !== 'boolean')
      return {
        ok: false,
        error: `json: cannot unmarshal ${goKind(v)} into Go struct field Config.${key} of type bool`,
      };
  }
  // features is a map[string]bool: any other value of one of its keys is Go's unmarshal error.
  const features = obj.features;
  if (features !== undefined && features !== null) {
    if (typeof features !== 'object' || Array.isArray(features))
      return {
        ok: false,
        error: `json: cannot unmarshal ${goKind(features)} into Go struct field Config.features of type map[string]bool`,
      };
    for (const v of Object.values(features as Record<string, unknown>))
      if (v !== null && typeof v !== 'boolean')
        return {
          ok: false,
          error: `json: cannot unmarshal ${goKind(v)} into Go struct field Config.features of type bool`,
        };
  }
  const config: DaemonConfig = { ...DEFAULT_CONFIG, labels: [] };
  const snapshotter = (features as Record<string, unknown> | undefined | null)?.[
    'containerd-snapshotter'
  ];
  if (typeof snapshotter === 'boolean') config.containerdSnapshotter = snapshotter;
  if (typeof obj['live-restore'] === 'boolean') config.liveRestore = obj['live-restore'];
  if (typeof obj.debug === 'boolean') config.debug = obj.debug;
  if (Array.isArray(obj.labels)) config.labels = obj.labels.map(String);
  const execOpts = Array.isArray(obj['exec-opts']) ? obj['exec-opts'].map(String) : [];
  for (const opt of execOpts) {
    const m = /^native\.cgroupdriver=(.*)$/.exec(opt);
    if (!m) continue;
    if (m[1] !== 'systemd' && m[1] !== 'cgroupfs')
      return {
        ok: false,
        error: `native.cgroupdriver option ${m[1]} not supported`,
        stage: 'start',
      };
    config.cgroupDriver = m[1];
  }
  return { ok: true, config };
}

function goKind(v: unknown): string {
  if (Array.isArray(v)) return 'array';
  if (typeof v === 'object') return 'object';
  return typeof v === 'boolean' ? 'bool' : typeof v;
}

/** Go's quoteChar: how encoding/json names a character in a syntax error. */
function quoteChar(c: string): string {
  if (c === "'") return `'\\''`;
  if (c === '"') return `'"'`;
  const q = JSON.stringify(c);
  return `'${q.slice(1, -1)}'`;
}

/**
 * The first syntax error Go's encoding/json scanner reports for `s`, in its
 * words, or undefined when `s` is one well-formed JSON value.
 */
export function goJsonSyntaxError(s: string): string | undefined {
  let i = 0;
  const ws = () => {
    while (i < s.length && ' \t\r\n'.includes(s[i]!)) i++;
  };
  class Fail extends Error {}
  const fail = (msg: string): never => {
    throw new Fail(msg);
  };
  const end = () => fail('unexpected end of JSON input');
  const bad = (context: string) =>
    i >= s.length ? end() : fail(`invalid character ${quoteChar(s[i]!)} ${context}`);

  const literal = (word: string) => {
    for (let k = 1; k < word.length; k++) {
      i++;
      if (i >= s.length) end();
      if (s[i] !== word[k])
        fail(`invalid character ${quoteChar(s[i]!)} in literal ${word} (expecting '${word[k]}')`);
    }
    i++;
  };
  const string = () => {
    i++; // opening quote
    for (;;) {
      if (i >= s.length) end();
      const c = s[i]!;
      if (c === '"') {
        i++;
        return;
      }
      if (c === '\\') {
        i++;
        if (i >= s.length) end();
        const e = s[i]!;
        if (e === 'u') {
          for (let k = 0; k < 4; k++) {
            i++;
            if (i >= s.length) end();
            if (!/[0-9a-fA-F]/.test(s[i]!))
              fail(`invalid character ${quoteChar(s[i]!)} in \\u hexadecimal character escape`);
          }
        } else if (!'"\\/bfnrt'.includes(e))
          fail(`invalid character ${quoteChar(e)} in string escape code`);
        i++;
        continue;
      }
      if (c.charCodeAt(0) < 0x20) fail(`invalid character ${quoteChar(c)} in string literal`);
      i++;
    }
  };
  const number = () => {
    if (s[i] === '-') {
      i++;
      if (i >= s.length) end();
      if (!/[0-9]/.test(s[i]!)) fail(`invalid character ${quoteChar(s[i]!)} in numeric literal`);
    }
    if (s[i] === '0') i++;
    else while (i < s.length && /[0-9]/.test(s[i]!)) i++;
    if (s[i] === '.') {
      i++;
      if (i >= s.length) end();
      if (!/[0-9]/.test(s[i]!))
        fail(`invalid character ${quoteChar(s[i]!)} after decimal point in numeric literal`);
      while (i < s.length && /[0-9]/.test(s[i]!)) i++;
    }
    if (s[i] === 'e' || s[i] === 'E') {
      i++;
      if (s[i] === '+' || s[i] === '-') i++;
      if (i >= s.length) end();
      if (!/[0-9]/.test(s[i]!))
        fail(`invalid character ${quoteChar(s[i]!)} in exponent of numeric literal`);
      while (i < s.length && /[0-9]/.test(s[i]!)) i++;
    }
  };
  const value = (): void => {
    ws();
    if (i >= s.length) end();
    const c = s[i]!;
    if (c === '{') return object();
    if (c === '[') return array();
    if (c === '"') return string();
    if (c === '-' || /[0-9]/.test(c)) return number();
    if (c === 't') return literal('true');
    if (c === 'f') return literal('false');
    if (c === 'n') return literal('null');
    bad('looking for beginning of value');
  };
  const object = () => {
    i++;
    ws();
    if (s[i] === '}') {
      i++;
      return;
    }
    for (;;) {
      ws();
      if (s[i] !== '"') bad('looking for beginning of object key string');
      string();
      ws();
      if (s[i] !== ':') bad('after object key');
      i++;
      value();
      ws();
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === '}') {
        i++;
        return;
      }
      bad('after object key:value pair');
    }
  };
  const array = () => {
    i++;
    ws();
    if (s[i] === ']') {
      i++;
      return;
    }
    for (;;) {
      value();
      ws();
      if (s[i] === ',') {
        i++;
        continue;
      }
      if (s[i] === ']') {
        i++;
        return;
      }
      bad('after array element');
    }
  };
  try {
    value();
    ws();
    if (i < s.length) bad('after top-level value');
    return undefined;
  } catch (e) {
    if (e instanceof Fail) return e.message;
    throw e;
  }
}
