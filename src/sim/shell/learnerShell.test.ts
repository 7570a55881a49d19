import { describe, expect, it } from 'vitest';
import { Engine } from '../engine';
import { contextOf } from '../core/actors';
import type { DockerdState } from '../dockerd/model';

/** Lines typed into the page's terminal, through the engine entry the page and `npm run sim` share. */
function typed(...lines: string[]) {
  const engine = new Engine({ seed: 3 });
  const results = lines.map((l) => engine.run(l));
  return { engine, results };
}

const containers = (engine: Engine) =>
  Object.values(contextOf<DockerdState>(engine.host.dockerd).containers);

describe("the page's shell (bash on the learner's machine)", () => {
  it('runs docker commands joined by && and reports the last status in $?', () => {
    const { results } = typed('docker run -d --name web nginx && docker ps -q', 'echo $?');
    const id = results[0]!.stdout.trim().split('\n').at(-1)!;
    expect(id).toMatch(/^[0-9a-f]{12}$/);
    expect(results[0]!.exitCode).toBe(0);
    expect(results[1]).toMatchObject({ stdout: '0\n', exitCode: 0 });
  });

  it('skips after a failing command with &&, runs the alternative with ||, and keeps its status', () => {
    const { results } = typed(
      'docker run -d --name a nginx && docker ps -q',
      'echo $?',
      'docker rm nosuch || echo removed-nothing',
    );
    // A one-letter name is invalid in real Docker too ([a-zA-Z0-9][a-zA-Z0-9_.-]+).
    expect(results[0]!.stderr).toContain('Invalid container name (a)');
    expect(results[0]!.stdout).toBe('');
    expect(results[1]!.stdout).toBe('125\n');
    expect(results[2]!.stdout).toBe('removed-nothing\n');
  });

  it('substitutes $(…): docker stop $(docker ps -q) stops every running container', () => {
    const { engine, results } = typed(
      'docker run -d --name one nginx; docker run -d --name two nginx',
      'docker stop $(docker ps -q)',
    );
    expect(results[1]!.exitCode).toBe(0);
    expect(results[1]!.stdout.trim().split('\n')).toHaveLength(2);
    expect(containers(engine).every((c) => c.state === 'exited')).toBe(true);
  });

  it('keeps variables between lines; export and NAME=value prefixes work', () => {
    const { results } = typed(
      'IMG=alpine',
      'export TAG=3',
      'echo $IMG:$TAG; X=1 echo $X; echo "[$X]"',
    );
    expect(results[2]!.stdout).toBe('alpine:3\n\n[]\n');
  });

  it("gives docker the shell's environment: -e NAME takes its value, DOCKER_HOST picks the daemon", () => {
    const { results } = typed(
      'export FOO=bar',
      'GREETING=hi docker run --rm -e FOO -e GREETING -e UNSET alpine env',
      'DOCKER_HOST=tcp://node-3:2375 docker ps',
    );
    expect(results[1]!.stdout).toContain('FOO=bar\nGREETING=hi\n');
    expect(results[1]!.stdout).not.toContain('UNSET');
    expect(results[2]).toMatchObject({
      // node-3's dockerd listens on 2376 only: nothing answers on 2375.
      stderr:
        'Cannot connect to the Docker daemon at tcp://node-3:2375. Is the docker daemon running?\n',
      exitCode: 1,
    });
  });

  it('expands a leading ~ to $HOME, so cat ~/.docker/config.json shows what docker context use wrote', () => {
    const { results } = typed(
      'echo ~ "~" ~/x ~learner a~',
      'docker context create n2 --docker host=tcp://node-2:2375',
      'docker context use n2; cat ~/.docker/config.json',
    );
    expect(results[0]!.stdout).toBe('/home/learner ~ /home/learner/x ~learner a~\n');
    expect(results[2]!.stdout).toBe('n2\n{\n\t"auths": {},\n\t"currentContext": "n2"\n}');
  });

  it('writes files on the learner machine with printf/echo and > / >>, and cat reads them', () => {
    const { engine, results } = typed(
      'printf "%s=%d\\n" a 1 b 2 > vars.txt',
      'echo end >> vars.txt; cat vars.txt',
      'cat missing.txt',
    );
    expect(results[1]!.stdout).toBe('a=1\nb=2\nend\n');
    expect(results[2]).toMatchObject({
      stderr: 'cat: missing.txt: No such file or directory\n',
      exitCode: 1,
    });
    expect(engine.machine.files.get('/home/learner/vars.txt')).toBe('a=1\nb=2\nend\n');
  });

  it("answers an unknown command with bash's command not found, exit 127", () => {
    const { results } = typed('foo --bar');
    expect(results[0]).toMatchObject({
      stdout: '',
      stderr: 'bash: foo: command not found\n',
      exitCode: 127,
    });
  });

  it('says a program the machine has but the page does not simulate is not simulated, not that it is missing', () => {
    for (const line of ['pidof dockerd', 'pgrep -a containerd', 'env', 'date']) {
      const { results } = typed(line);
      const name = line.split(' ')[0]!;
      expect(results[0]!.stderr).toBe(
        `DockScope: '${name}' is a real program on a Linux machine, but this page's terminal does not simulate it; it runs docker, echo, printf, cat, sleep, export, the shell's operators, and on the host ps, ip, ls, cat, lsns, id, whoami, hostname, uname, iptables, iptables-save, nft, sudo, kill.\n`,
      );
      expect(results[0]!.stderr).not.toContain('command not found');
    }
  });

  it('rejects bad input with bash syntax errors, exit 2, and runs nothing of the line', () => {
    const { engine, results } = typed(
      '&& docker ps',
      'X=1; docker run -d --name web nginx; echo "open',
      'echo $X; docker ps -aq',
    );
    expect(results[0]).toMatchObject({
      stderr: "bash: syntax error near unexpected token `&&'\n",
      exitCode: 2,
    });
    expect(results[1]).toMatchObject({
      stderr:
        'bash: unexpected EOF while looking for matching `"\'\nbash: syntax error: unexpected end of file\n',
      exitCode: 2,
    });
    expect(results[2]!.stdout).toBe('\n');
    expect(containers(engine)).toHaveLength(0);
  });

  it('sleep N lets simulated time pass inside the line, and a replay passes the same time', () => {
    const { engine, results } = typed(
      'docker run -d --name nap alpine sleep 5',
      'docker ps -q; sleep 20; docker ps -q',
    );
    const before = engine.now;
    expect(results[1]!.exitCode).toBe(0);
    // Running before the sleep, exited after it: only one ID was printed.
    expect(results[1]!.stdout).toMatch(/^[0-9a-f]{12}\n$/);
    expect(containers(engine)[0]!.state).toBe('exited');
    const again = Engine.replay(engine.inputs, { seed: 3 });
    expect(again.now).toBe(before);
    expect(again.result(2)!.stdout).toBe(results[1]!.stdout);
  });
});

describe("files on the learner's machine: a working directory (issue 15)", () => {
  it('starts in ~ with the starter projects, each with a Dockerfile and a .dockerignore', () => {
    const { results } = typed('pwd', 'ls', 'ls -a go-app', 'cat site/.dockerignore');
    expect(results[0]!.stdout).toBe('/home/learner\n');
    expect(results[1]!.stdout).toBe('go-app\nnode-app\nsite\n');
    expect(results[2]!.stdout).toBe('.\n..\n.dockerignore\nDockerfile\ngo.mod\nmain.go\n');
    expect(results[3]!.stdout).toBe('.git\n*.md\n');
  });

  it('writes a file with a quoted heredoc as typed, and expands an unquoted one', () => {
    const { results } = typed(
      'mkdir demo && cd demo && cat > Dockerfile <<\'EOF\'\nFROM alpine:3.20\nENV GREETING=$HOME\nCMD ["echo", "hi"]\nEOF',
      'cat Dockerfile',
      'cat <<EOF > note\nhome is $HOME, cwd is $(pwd)\n\\$HOME stays\nEOF',
      'cat note; pwd; echo $PWD',
    );
    expect(results[0]!.exitCode).toBe(0);
    expect(results[1]!.stdout).toBe('FROM alpine:3.20\nENV GREETING=$HOME\nCMD ["echo", "hi"]\n');
    expect(results[3]!.stdout).toBe(
      'home is /home/learner, cwd is /home/learner/demo\n$HOME stays\n/home/learner/demo\n/home/learner/demo\n',
    );
  });

  it('runs what follows a heredoc on its line, and warns as bash does when the input ends first', () => {
    const { results } = typed('cat <<-X && echo after\n\tindented\n\tX', 'cat <<EOF\nno end');
    expect(results[0]!.stdout).toBe('indented\nafter\n');
    expect(results[1]!.stdout).toBe('no end\n');
    expect(results[1]!.stderr).toBe(
      "bash: warning: here-document at line 1 delimited by end-of-file (wanted `EOF')\n",
    );
  });

  it('printf and echo write and append with > and >>, relative to the working directory', () => {
    const { results } = typed(
      'cd site/public',
      "printf '%s\\n' one > list; echo two >> list",
      'cat list ../public/list',
      'cd ..; cat public/list',
    );
    expect(results[2]!.stdout).toBe('one\ntwo\none\ntwo\n');
    expect(results[3]!.stdout).toBe('one\ntwo\n');
  });

  it("gives coreutils' and bash's own errors for cd, mkdir, rm, ls and cat", () => {
    const { results } = typed(
      'cd nope',
      'cd site/Dockerfile',
      'cd a b',
      'mkdir site',
      'mkdir x/y',
      'mkdir',
      'rm nope',
      'rm site',
      'rm',
      'rm -z f',
      'ls nope',
      'cat site',
      'echo hi > nodir/f',
      'rm -r .',
      'mkdir -p site/Dockerfile/x',
    );
    const err = results.map((r) => [r.stderr, r.exitCode]);
    expect(err).toEqual([
      ['bash: cd: nope: No such file or directory\n', 1],
      ['bash: cd: site/Dockerfile: Not a directory\n', 1],
      ['bash: cd: too many arguments\n', 1],
      ['mkdir: cannot create directory ‘site’: File exists\n', 1],
      ['mkdir: cannot create directory ‘x/y’: No such file or directory\n', 1],
      ["mkdir: missing operand\nTry 'mkdir --help' for more information.\n", 1],
      ["rm: cannot remove 'nope': No such file or directory\n", 1],
      ["rm: cannot remove 'site': Is a directory\n", 1],
      ["rm: missing operand\nTry 'rm --help' for more information.\n", 1],
      ["rm: invalid option -- 'z'\nTry 'rm --help' for more information.\n", 1],
      ["ls: cannot access 'nope': No such file or directory\n", 2],
      ['cat: site: Is a directory\n', 1],
      ['bash: nodir/f: No such file or directory\n', 1],
      ["rm: refusing to remove '.' or '..' directory: skipping '.'\n", 1],
      ['mkdir: cannot create directory ‘site/Dockerfile’: Not a directory\n', 1],
    ]);
  });

  it('mkdir -p makes parents; rm -r removes a tree; a directory emptied by rm stays', () => {
    const { results } = typed(
      'mkdir -p a/b/c && echo x > a/b/c/f && ls a/b',
      'rm a/b/c/f; ls a/b/c; echo $?',
      'rm -r a; ls a',
    );
    expect(results[0]!.stdout).toBe('c\n');
    expect(results[1]!.stdout).toBe('0\n');
    expect(results[2]!.stderr).toBe("ls: cannot access 'a': No such file or directory\n");
  });

  it('replays the files from the input log: a heredoc written, a file removed', () => {
    const { engine } = typed(
      "cat > site/public/about.html <<'EOF'\n<p>about</p>\nEOF",
      'rm site/README.md',
      'cd site',
    );
    const again = Engine.replay(engine.inputs, { seed: 3 });
    const r = again.run('ls; cat public/about.html');
    expect(r.stdout).toBe('Dockerfile\npublic\n<p>about</p>\n');
  });
});

describe('the docker CLI works from the shell’s working directory', () => {
  it('a -v ./dir bind source is made absolute from the directory cd went to (the CLI’s PWD)', () => {
    const { results } = typed(
      'cd site',
      'docker run -d --name web -v ./public:/usr/share/nginx/html nginx',
      "docker inspect -f '{{range .Mounts}}{{.Source}}{{end}}' web",
    );
    expect(results[2]!.stdout).toBe('/home/learner/site/public\n');
  });
});
