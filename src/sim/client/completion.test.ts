import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';

describe('completeLine', () => {
  it('completes the command being typed after ;, &&, || and $(', () => {
    const engine = new Engine({ seed: 1 });
    const st = engine.complete('docker st');
    expect(st).toContain('stop');
    expect(engine.complete('docker ps -q && docker st')).toEqual(st);
    expect(engine.complete('docker rm x || docker st')).toEqual(st);
    expect(engine.complete('docker stop $(docker p')).toEqual(engine.complete('docker p'));
    expect(engine.complete('echo hi; do')).toEqual(['docker']);
  });
});
