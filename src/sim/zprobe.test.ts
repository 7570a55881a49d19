import { it } from 'vitest';
import { Engine } from './engine';
it('probe', () => {
  const e = new Engine({ seed: 3 });
  e.run('docker run -d --name web -p 8080:80 nginx');
  for (const l of ['ps -ef --forest', 'sudo lsns', 'cat /proc/1205/status', 'docker stop web', 'ps -ef', 'docker start web', 'ps -ef --forest']) {
    const r = e.run(l);
    console.log(`$ ${l}  [${r.exitCode}]\n${r.stdout}${r.stderr}`);
  }
});
