import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { HOME } from '../shell/learnerShell';
import captures from './fixtures/context-captures.json';

/**
 * The simulated CLI against the real one (28.2.2) for context commands and for
 * global options that fail before any request: same stdout, stderr and exit
 * code, line after line in one HOME. None of these lines reaches a daemon, so
 * none may draw an arrow. Regenerate: npx tsx scripts/oracle/captureContexts.ts
 */

const quote = (a: string): string => `'${a.replace(/'/g, `'\\''`)}'`;

describe('docker context and global options match the real CLI', () => {
  for (const scenario of captures.scenarios) {
    it(scenario.name, () => {
      const engine = new Engine({ seed: 1 });
      // The capture ran in an empty HOME: without the TLS files DockScope preinstalls.
      for (const f of ['ca.pem', 'cert.pem', 'key.pem'])
        engine.machine.files.delete(`${HOME}/.docker/${f}`);
      for (const step of scenario.steps) {
        const env = Object.entries(step.env as Record<string, string>).map(
          ([k, v]) => `${k}=${quote(v)} `,
        );
        const line = `${env.join('')}docker ${step.args.map(quote).join(' ')}`;
        const r = engine.run(line);
        expect({ line, stdout: r.stdout, stderr: r.stderr, exitCode: r.exitCode }).toEqual({
          line,
          stdout: step.stdout,
          stderr: step.stderr,
          exitCode: step.exitCode,
        });
        expect(engine.trace.filter((m) => m.commandId === r.id)).toEqual([]);
      }
    });
  }
});
