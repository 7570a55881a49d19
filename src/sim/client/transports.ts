import type { Host } from '../host';
import type { Task } from '../core/scheduler';
import type { Target } from './target';

export type Opened = { ok: true } | { ok: false; error: string };

/** What the CLI offers in its TLS handshake: the files docker/cli read for this endpoint. */
export interface TlsHello {
  serverName: string;
  /** The CA the daemon's certificate must chain to; '' when the CLI does not check it. */
  ca: string;
  /** The client certificate and key shown to the daemon; '' when none. */
  cert: string;
  key: string;
  verifyServer: boolean;
}

/**
 * TLS before the first HTTPS request: one visible exchange with the remote
 * dockerd's listener (in reality a few round trips: hellos, certificates,
 * keys). The Go client keeps the connection for the rest of the command.
 */
export function* tlsHandshake(
  host: Host,
  target: Extract<Target, { kind: 'unix' | 'tcp' }>,
  commandId: number,
  hello: TlsHello,
): Task<Opened> {
  const r = yield* host.net.call(
    'client',
    {
      to: 'dockerd',
      host: target.machine,
      protocol: 'tls',
      operation: 'TLS handshake',
      op: 'engine.tls.handshake',
      request: hello,
      summary: `the CLI opens a TLS connection to ${target.authority}: ${serverCheck(hello)}, and ${hello.cert ? `shows its own, ${hello.cert}` : 'has no client certificate to show'}`,
    },
    commandId,
  );
  if (r.status === 'OK') return { ok: true };
  // A plain-HTTP listener reads the ClientHello as a malformed request and answers in HTTP.
  if (r.status === 400)
    return { ok: false, error: 'http: server gave HTTP response to HTTPS client' };
  return { ok: false, error: `remote error: tls: ${String(r.status)}` };
}

/**
 * What the CLI does with dockerd's certificate: nothing with `--tls` alone or
 * skipTLSVerify (InsecureSkipVerify); with verification, it checks it against
 * the CA file, or the system's CAs when none is given (go-connections tlsconfig).
 */
function serverCheck(hello: TlsHello): string {
  if (!hello.verifyServer) return "it does not check dockerd's certificate (verification off)";
  return `it checks dockerd's certificate against ${hello.ca || "the system's CA certificates"}`;
}

/**
 * `ssh://user@host`: the CLI starts `ssh … -- host docker system dial-stdio`
 * (docker/cli connhelper) and speaks HTTP over that process's stdin/stdout;
 * sshd on the remote machine runs `docker system dial-stdio`, which connects to
 * the daemon's socket there and copies bytes both ways.
 */
export function* openSshTunnel(
  host: Host,
  target: Extract<Target, { kind: 'ssh' }>,
  commandId: number,
): Task<Opened> {
  const r = yield* host.net.call(
    'client',
    {
      to: 'ssh',
      protocol: 'exec',
      operation: target.argv.join(' '),
      op: 'ssh.start',
      request: { argv: target.argv, machine: target.machine, user: target.user },
      summary: `the CLI does not speak ssh itself: it starts the ssh program and will send its HTTP requests through that process's stdin and stdout`,
    },
    commandId,
  );
  return r.status === 'connected'
    ? { ok: true }
    : { ok: false, error: String((r.body as { error?: string } | undefined)?.error ?? r.status) };
}
