import type { Message } from '../../sim/engine';
import { HTTP_REASON } from '../../sim/core/http';
import { SECCOMP_DEFAULT_UNCONDITIONAL_ALLOWED } from '../../sim/dockerd/ociSpec';
import { imageStoreNote, isImageStoreMessage } from '../narration/imageStore';
import { isRedactedMark, whyRedacted } from '../../sim/core/secrets';

/**
 * What the inspector shows of one message, built only from what the message
 * (and, for runc, the bundle's config.json that containerd wrote from its
 * Containers.Create request) really carries. Pure: the component just draws it.
 */
export interface Field {
  name: string;
  value: string;
}

export interface InspectorSection {
  id: string;
  title: string;
  fields?: Field[];
  /** Pretty-printed JSON or raw text. */
  code?: string;
  /** Where the content comes from when not from this message itself. */
  source?: string;
  /** A sentence of context about the host (which image store it uses). */
  note?: string;
}

export interface InspectorView {
  seq: number;
  /** `POST /v1.50/containers/create?name=web`, `Tasks/Create`, `runc create`, `clone(…)`. */
  headline: string;
  statusText?: string;
  sections: InspectorSection[];
  /** The other half of the exchange: a request's response, a response's request. */
  pair?: { seq: number; label: 'request' | 'response' };
}

const isRecord = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** JSON pretty-printed; strings that are JSON documents (registry bodies) too. */
export function pretty(value: unknown): string {
  if (typeof value === 'string') {
    const t = value.trim();
    if (t.startsWith('{') || t.startsWith('[')) {
      try {
        return JSON.stringify(JSON.parse(t), null, 2);
      } catch {
        return value;
      }
    }
    return value;
  }
  try {
    return JSON.stringify(value, null, 2) ?? String(value);
  } catch {
    return String(value);
  }
}

const fieldsOf = (rec: Record<string, unknown> | undefined): Field[] =>
  rec
    ? Object.entries(rec).map(([name, v]) => ({
        name,
        value: typeof v === 'string' ? v : pretty(v),
      }))
    : [];

/** A command line as a shell would need it typed. */
export function shellJoin(argv: readonly unknown[]): string {
  return argv
    .map(String)
    .map((a) => (/^[\w@%+=:,./-]+$/.test(a) ? a : `'${a.replace(/'/g, `'\\''`)}'`))
    .join(' ');
}

function statusText(m: Message): string | undefined {
  if (m.status === undefined) return undefined;
  if (m.protocol === 'http' && typeof m.status === 'number') {
    // Docker's hijack answer is literally "101 UPGRADED".
    const reason = m.status === 101 ? 'UPGRADED' : HTTP_REASON[m.status];
    return reason ? `${m.status} ${reason}` : String(m.status);
  }
  if (m.protocol === 'exec') return `exit status ${String(m.status)}`;
  if (m.protocol === 'syscall') return `returned ${String(m.status)}`;
  return String(m.status);
}

const PAIR_LOOKAHEAD = 50_000;

/** The request a response answers, or the response that answers a request. */
export function pairOf(m: Message, trace: readonly Message[]): InspectorView['pair'] {
  if (m.kind === 'response' && m.replyTo !== undefined) return { seq: m.replyTo, label: 'request' };
  if (m.kind !== 'request') return undefined;
  // Answers come soon after their request; a bounded look keeps a request
  // that was never answered (a container still attached) cheap.
  const end = Math.min(trace.length, m.seq + PAIR_LOOKAHEAD);
  for (let i = m.seq; i < end; i++) {
    if (trace[i]!.replyTo === m.seq) return { seq: trace[i]!.seq, label: 'response' };
  }
  return undefined;
}

const REDACTED_AT_THE_DOOR =
  'npm run daemon replaced it before recording anything, so neither the trace nor the live view ever held it';

/** A credential `npm run daemon` redacted: that it was there, what it is, and that it is gone. */
function redactedNote(name: string, path: string | undefined): string {
  const why = whyRedacted(name, path) ?? 'a secret';
  return `${why.charAt(0).toUpperCase()}${why.slice(1)}. ${REDACTED_AT_THE_DOOR}.`;
}

function httpSections(m: Message): InspectorSection[] {
  const out: InspectorSection[] = [];
  if (m.kind === 'request' && isRecord(m.request)) {
    const req = m.request;
    const path = typeof req.path === 'string' ? req.path : undefined;
    if (isRecord(req.query) && Object.keys(req.query).length > 0)
      out.push({ id: 'query', title: 'Query', fields: fieldsOf(req.query) });
    if (isRecord(req.headers))
      out.push({
        id: 'headers',
        title: 'Request headers',
        fields: fieldsOf(req.headers).map((f) =>
          isRedactedMark(req.headers && (req.headers as Record<string, unknown>)[f.name])
            ? { name: f.name, value: `${f.value}: ${redactedNote(f.name, undefined)}` }
            : f,
        ),
      });
    if (req.body !== undefined)
      out.push({ id: 'body', title: 'Request body', code: pretty(req.body) });
    const hidden = isRecord(req.body)
      ? Object.entries(req.body).filter(([, v]) => isRedactedMark(v))
      : [];
    if (hidden.length > 0)
      out.push({
        id: 'redacted',
        title: 'Redacted from the body',
        fields: hidden.map(([name, v]) => ({
          name,
          value: `${String(v)}: ${redactedNote(name, path)}`,
        })),
      });
  }
  if (m.kind === 'response') {
    if (m.responseHeaders)
      out.push({ id: 'headers', title: 'Response headers', fields: fieldsOf(m.responseHeaders) });
    if (m.response !== undefined)
      out.push({ id: 'body', title: 'Response body', code: pretty(m.response) });
  }
  return out;
}

/** `containerd.services.tasks.v1.Tasks/Create` → service and method. */
export function splitRpc(operation: string): { service: string; method: string } {
  const slash = operation.lastIndexOf('/');
  return slash < 0
    ? { service: operation, method: '' }
    : { service: operation.slice(0, slash), method: operation.slice(slash + 1) };
}

function rpcSections(m: Message): InspectorSection[] {
  const { service, method } = splitRpc(m.operation);
  const out: InspectorSection[] = [
    {
      id: 'call',
      title: m.protocol === 'grpc' ? 'gRPC call' : 'ttrpc call',
      fields: [
        { name: 'service', value: service },
        { name: 'method', value: method },
      ],
    },
  ];
  const content = m.kind === 'response' ? m.response : m.request;
  if (content !== undefined)
    out.push({
      id: 'fields',
      title: m.kind === 'response' ? 'Response fields' : 'Request fields',
      code: pretty(content),
    });
  if (m.kind === 'request' && isRecord(m.request) && isRecord(m.request.spec))
    out.push(...ociSections(m.request.spec, 'the OCI runtime spec in this request'));
  return out;
}

/** The parts of an OCI config.json that make a container a container. */
export function ociSections(spec: Record<string, unknown>, source: string): InspectorSection[] {
  const linux = isRecord(spec.linux) ? spec.linux : {};
  const proc = isRecord(spec.process) ? spec.process : {};
  const caps = isRecord(proc.capabilities) ? proc.capabilities : {};
  // ── sec: a joined namespace names its path; a kind left out is the host's ──
  const ns = Array.isArray(linux.namespaces)
    ? linux.namespaces
        .filter(isRecord)
        .map((n) =>
          typeof n.path === 'string' ? `${String(n.type)} (joins ${n.path})` : String(n.type),
        )
    : [];
  const hostKinds = ns.length
    ? ['network', 'pid', 'ipc', 'uts'].filter((t) => !ns.some((n) => n.split(' ')[0] === t))
    : [];
  const mounts = Array.isArray(spec.mounts) ? spec.mounts.filter(isRecord) : [];
  const seccomp = isRecord(linux.seccomp) ? linux.seccomp : undefined;
  const allowed =
    seccomp && Array.isArray(seccomp.syscalls)
      ? seccomp.syscalls
          .filter(isRecord)
          .reduce((n, r) => n + (Array.isArray(r.names) ? r.names.length : 0), 0)
      : 0;
  const fields: Field[] = [];
  if (Array.isArray(proc.args)) fields.push({ name: 'process.args', value: shellJoin(proc.args) });
  if (ns.length)
    fields.push({
      name: 'namespaces',
      value: ns.join(', ') + (hostKinds.length ? `; the host’s own: ${hostKinds.join(', ')}` : ''),
    });
  if (typeof linux.cgroupsPath === 'string')
    fields.push({ name: 'cgroupsPath', value: linux.cgroupsPath });
  if (isRecord(linux.resources))
    fields.push({ name: 'resources (cgroup limits)', value: pretty(linux.resources) });
  if (Array.isArray(caps.bounding))
    fields.push({ name: `capabilities (${caps.bounding.length})`, value: caps.bounding.join(' ') });
  if (seccomp)
    fields.push({
      name: 'seccomp',
      // The simulated spec lists a sample, not the whole allowlist: say so, with the real count.
      value: `defaultAction ${String(seccomp.defaultAction)}${allowed ? `; this spec lists ${allowed} allowed syscalls, an abridged sample: Docker’s default profile allows ${SECCOMP_DEFAULT_UNCONDITIONAL_ALLOWED} on every architecture without extra capabilities (socket and personality only for some arguments), more on some architectures or with capabilities` : ''}`,
    });
  if (Array.isArray(linux.maskedPaths))
    fields.push({ name: 'maskedPaths', value: linux.maskedPaths.join(' ') });
  fields.push(...securityFields(spec, linux, proc, !!seccomp));
  if (mounts.length)
    fields.push({
      name: `mounts (${mounts.length})`,
      value: mounts.map((mt) => `${String(mt.destination)} (${String(mt.type)})`).join(', '),
    });
  return fields.length
    ? [{ id: 'oci', title: 'OCI config.json: what makes it a container', fields, source }]
    : [];
}

// ── sec: what the security options changed, shown only where the spec differs from Docker's default ──
function securityFields(
  spec: Record<string, unknown>,
  linux: Record<string, unknown>,
  proc: Record<string, unknown>,
  hasSeccomp: boolean,
): Field[] {
  const out: Field[] = [];
  if (!hasSeccomp && Array.isArray(linux.namespaces))
    out.push({
      name: 'seccomp',
      value: 'none: no filter is loaded (--privileged or --security-opt seccomp=unconfined)',
    });
  if (typeof proc.apparmorProfile === 'string' && proc.apparmorProfile !== 'docker-default')
    out.push({ name: 'apparmorProfile', value: proc.apparmorProfile });
  if (proc.noNewPrivileges === true) out.push({ name: 'noNewPrivileges', value: 'true' });
  const user = isRecord(proc.user) ? proc.user : undefined;
  if (user && (user.uid !== 0 || user.gid !== 0))
    out.push({ name: 'process.user', value: `uid ${String(user.uid)}, gid ${String(user.gid)}` });
  const root = isRecord(spec.root) ? spec.root : undefined;
  if (root?.readonly === true) out.push({ name: 'root.readonly', value: 'true' });
  if (Array.isArray(linux.devices) && linux.devices.length)
    out.push({
      name: `devices (${linux.devices.length})`,
      value: linux.devices
        .filter(isRecord)
        .map((d) => String(d.path))
        .join(' '),
    });
  return out;
}

/** runc's bundle config.json: containerd wrote it from the Containers.Create request's spec. */
function bundleSpec(
  m: Message,
  trace: readonly Message[],
): { spec: Record<string, unknown>; seq: number } | undefined {
  const argv =
    isRecord(m.request) && Array.isArray(m.request.argv) ? m.request.argv.map(String) : [];
  const id = argv.at(-1);
  if (!id) return undefined;
  for (let i = m.seq - 2; i >= 0; i--) {
    const c = trace[i]!;
    if (
      c.kind === 'request' &&
      c.op === 'containerd.containers.create' &&
      isRecord(c.request) &&
      c.request.id === id &&
      isRecord(c.request.spec)
    )
      return { spec: c.request.spec, seq: c.seq };
  }
  return undefined;
}

function execSections(m: Message, trace: readonly Message[]): InspectorSection[] {
  const out: InspectorSection[] = [];
  if (m.kind === 'request' && isRecord(m.request)) {
    const { argv, ...rest } = m.request;
    if (Array.isArray(argv)) out.push({ id: 'argv', title: 'argv', code: shellJoin(argv) });
    if (Object.keys(rest).length)
      out.push({ id: 'fields', title: 'Details', fields: fieldsOf(rest) });
    if (m.op === 'runc.create') {
      const found = bundleSpec(m, trace);
      if (found)
        out.push(
          ...ociSections(
            found.spec,
            `the bundle’s config.json, written by containerd from Containers.Create (#${found.seq})`,
          ),
        );
    }
  }
  if (m.kind === 'response' && m.response !== undefined)
    out.push({ id: 'output', title: 'Result', code: pretty(m.response) });
  return out;
}

function syscallSections(m: Message): InspectorSection[] {
  const out: InspectorSection[] = [];
  const content = m.kind === 'response' ? m.response : m.request;
  if (m.kind === 'request' && isRecord(m.request) && Array.isArray(m.request.flags))
    out.push({ id: 'flags', title: 'Flags', code: m.request.flags.map(String).join('|') });
  if (isRecord(content)) {
    // `noop` marks calls the kernel model only records; their one line is the operation and summary.
    const { call, what, ...rest } = content;
    // An event (SIGCHLD) names no call: no `call: undefined` line for it.
    const named = call !== 'noop' && call !== undefined;
    const fields = fieldsOf(named ? { call, ...rest } : rest);
    if (what !== undefined && call !== 'noop') fields.push({ name: 'what', value: String(what) });
    const title = m.kind === 'response' ? 'Result' : m.kind === 'event' ? 'Event' : 'Arguments';
    if (fields.length) out.push({ id: 'args', title, fields });
  }
  return out;
}

function streamSections(m: Message): InspectorSection[] {
  const content = m.request ?? m.response;
  return content === undefined
    ? []
    : [{ id: 'data', title: m.kind === 'event' ? 'Event' : 'Data', code: pretty(content) }];
}

export function inspect(m: Message, trace: readonly Message[]): InspectorView {
  let sections: InspectorSection[];
  switch (m.protocol) {
    case 'http':
      sections = httpSections(m);
      break;
    case 'grpc':
    case 'ttrpc':
      sections = rpcSections(m);
      break;
    case 'exec':
      sections = execSections(m, trace);
      break;
    case 'syscall':
      sections = syscallSections(m);
      break;
    default:
      sections = streamSections(m);
  }
  if (isImageStoreMessage(m.op))
    sections = [
      ...sections,
      { id: 'image-store', title: 'Image store', note: imageStoreNote(m, trace) },
    ];
  return {
    seq: m.seq,
    headline: m.operation,
    statusText: statusText(m),
    sections,
    pair: pairOf(m, trace),
  };
}
