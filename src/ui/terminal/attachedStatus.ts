/**
 * Where Ctrl-C goes while a command is attached, as docker/cli 28 does it:
 * - `terminal`: `docker run -it`. The CLI's terminal is raw, so Ctrl-C is the
 *   byte 0x03 on the attach stream; the container's pty turns it into SIGINT.
 * - `signal`: `docker run` without -i or without -t. The CLI gets SIGINT and
 *   sig-proxy forwards it (`POST /containers/{id}/kill?signal=INT`).
 * - `cli`: any other command still running (`docker logs -f`…).
 * In the first two the container's program decides: `sleep` as PID 1 has no
 * handler and keeps running.
 */
export type CtrlCRoute = 'terminal' | 'signal' | 'cli';

export function attachedStatus(route: CtrlCRoute): string {
  switch (route) {
    case 'terminal':
      return 'Attached to the container’s terminal: Ctrl-C sends it ^C (SIGINT); the program decides whether to stop.';
    case 'signal':
      return 'Attached: Ctrl-C is forwarded to the container as SIGINT; the program decides whether to stop.';
    case 'cli':
      return 'Attached: Ctrl-C interrupts the docker command.';
  }
}

/** The route for a command, from the body of its `POST /containers/create` (if it sent one). */
export function ctrlCRoute(
  createBody: { Tty?: boolean; OpenStdin?: boolean } | undefined,
): CtrlCRoute {
  if (!createBody) return 'cli';
  return createBody.Tty && createBody.OpenStdin ? 'terminal' : 'signal';
}
