import { describe, expect, it } from 'vitest';
import { attachedStatus, ctrlCRoute } from './attachedStatus';

describe('the attached status line says where Ctrl-C goes, not that it stops the container', () => {
  it('docker run -it: ^C to the container’s terminal', () => {
    const text = attachedStatus(ctrlCRoute({ Tty: true, OpenStdin: true }));
    expect(text).toMatch(/terminal/);
    expect(text).toMatch(/\^C/);
    expect(text).not.toMatch(/stops it/);
  });
  it('docker run without -it: SIGINT forwarded, and the program decides', () => {
    for (const body of [{ Tty: false, OpenStdin: true }, { Tty: true, OpenStdin: false }, {}]) {
      const text = attachedStatus(ctrlCRoute(body));
      expect(text).toMatch(/SIGINT/);
      expect(text).toMatch(/program decides/);
    }
  });
  it('another command (docker logs -f): Ctrl-C interrupts the CLI', () => {
    expect(attachedStatus(ctrlCRoute(undefined))).toBe(
      'Attached: Ctrl-C interrupts the docker command.',
    );
  });
  it('never claims Ctrl-C stops the container', () => {
    for (const r of ['terminal', 'signal', 'cli'] as const)
      expect(attachedStatus(r)).not.toBe('Attached to the container: Ctrl-C stops it.');
  });
});
