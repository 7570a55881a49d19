import type { Host } from '../host';
import type { Handler } from '../core/network';

/**
 * The three programs an `ssh://` docker endpoint sets going, as they are on a
 * real Linux machine: the `ssh` client on the learner's machine, `sshd` on the
 * remote one, and the command sshd runs there, `docker system dial-stdio` (the
 * docker CLI of that machine, which connects to its /var/run/docker.sock and
 * copies bytes between the socket and its stdin/stdout).
 *
 * DockScope simplifications, stated: the learner's key is authorized for any
 * user on node-2 and node-3, and the host keys are already known, so no prompt
 * appears; the key exchange is one message.
 */
export function installSsh(host: Host): void {
  host.net.register('ssh', sshClient(host));
  host.net.register('sshd', sshd(host));
  host.net.register('dial-stdio', dialStdio);
}

const DIAL_STDIO = ['docker', 'system', 'dial-stdio'];

function sshClient(host: Host): Handler {
  return function* (inbound) {
    const { machine, user } = inbound.request as { machine: string; user: string };
    const r = yield* inbound.call({
      to: 'sshd',
      host: machine,
      protocol: 'ssh',
      operation: `exec ${DIAL_STDIO.join(' ')}`,
      op: 'sshd.session.exec',
      request: { user: user || 'learner', auth: 'publickey', command: DIAL_STDIO.join(' ') },
      summary: `the ssh client connects to sshd on ${machine} (port 22), logs in as ${user || 'learner'} with the learner's key, and asks it to run ${DIAL_STDIO.join(' ')} (no terminal: -T)`,
    });
    void host;
    return r.status === 'connected'
      ? {
          status: 'connected',
          summary: 'the tunnel is up: what the CLI writes to ssh reaches the remote daemon',
        }
      : { status: 255, body: { error: String(r.status) }, summary: 'ssh exits with status 255' };
  };
}

function sshd(host: Host): Handler {
  return function* (inbound) {
    const r = yield* inbound.call({
      to: 'dial-stdio',
      protocol: 'exec',
      operation: DIAL_STDIO.join(' '),
      op: 'dial-stdio.start',
      request: { argv: DIAL_STDIO },
      summary: `on ${host.name}, sshd runs the command with the user's shell (-c): it starts the docker CLI installed on ${host.name}`,
    });
    return r.status === 'connected'
      ? {
          status: 'connected',
          summary: 'the session is open; its stdin and stdout are the pipe to dial-stdio',
        }
      : { status: r.status, summary: 'the remote command failed' };
  };
}

const dialStdio: Handler = () => ({
  status: 'connected',
  summary:
    'docker system dial-stdio connects to /var/run/docker.sock and copies bytes between the socket and its stdin/stdout',
});
