/**
 * Sentences DockScope once got wrong about dockerd, pinned to what moby 28
 * really does (issue 9): what /kill does, who survives a daemon restart,
 * which commands ping, pull details that belong to one image store, and
 * which store this host uses. Every text a learner reads is scanned.
 */
import { describe, expect, it } from 'vitest';
import { Engine, type Message } from '../../sim/engine';
import { OPERATIONS, type OperationEntry } from '../../sim/trace/operations';
import { DRILLS, HOP_WHY, LESSONS, QUESTIONS } from '../../lessons';
import { COMPONENT_KINDS, kindOf } from '../../sim/core/components';
import { inspect } from '../inspector/inspect';
import { IMAGE_STORE_NOTE } from './imageStore';
import { whyOf } from './narrate';

const ALL_TEXT = JSON.stringify([
  Object.values(OPERATIONS as Record<string, OperationEntry>).map((e) => [
    e.why,
    e.answers,
    e.resumed,
    typeof e.overview === 'function'
      ? [e.overview({}), e.overview({ layer: 'sha256:0' })]
      : e.overview,
  ]),
  COMPONENT_KINDS,
  LESSONS,
  QUESTIONS,
  DRILLS,
  HOP_WHY,
]);

describe('no text teaches the old wrong sentences', () => {
  it.each([
    ['kill as SIGTERM first', /SIGTERM \(nginx asks for SIGQUIT\) first, SIGKILL/],
    [
      'dockerd surviving restarts unconditionally',
      /dockerd and containerd can restart without killing/,
    ],
    ['both daemons restarting freely', /those daemons can restart without killing/],
    ['every command pinging', /every (docker )?command start/i],
    ['three downloads at a time', /at most three at a time|three at a time/i],
    ['docker-proxy as a child of PID 1 or stopped with SIGTERM', /docker-proxy[^.]*SIGTERM/],
    // moby 28.2.2's nat OUTPUT rule skips 127.0.0.0/8 only: the host's other addresses are DNATed.
    [
      'docker-proxy carrying every connection from the host',
      /from the host itself(, the connection goes| too|\)|\.)|connections from the host itself/,
    ],
    ['nftables as an option of Docker 28', /nftables is opt-in/],
    ['docker diff never showing anything of a volume', /so they never show/],
    [
      'docker0 in every published port’s rules',
      /unless it comes from docker0|outside docker0 reach/,
    ],
  ])('%s', (_what, wrong) => {
    expect(ALL_TEXT).not.toMatch(wrong);
  });
});

describe('why-texts say what dockerd really does', () => {
  const engine = new Engine({ seed: 1 });
  engine.run('docker run -d -p 8080:80 --name web nginx');
  engine.advance(1000);
  engine.run('docker kill web');
  engine.run('docker start web');
  engine.advance(1000);
  engine.run('docker stop web');
  const request = (re: RegExp): Message =>
    engine.trace.find((m) => m.kind === 'request' && re.test(m.operation))!;

  it('kill: one signal at once, SIGKILL by default, no grace period', () => {
    const why = whyOf(request(/^POST \S+\/kill$/));
    expect(why).toMatch(/one signal, at once/);
    expect(why).toMatch(/SIGKILL unless another is asked for/);
    expect(why).toMatch(/No grace period/);
    expect(why).not.toMatch(/SIGTERM/);
  });

  it('stop: the stop signal, 10 seconds, then SIGKILL', () => {
    const why = whyOf(request(/^POST \S+\/stop$/));
    expect(why).toMatch(/stop signal/);
    expect(why).toMatch(/10 seconds, then sends SIGKILL/);
  });

  it('the shim: containerd restarts freely, dockerd only with live-restore', () => {
    const why = whyOf(request(/containerd-shim-runc-v2.*start$/));
    expect(why).toMatch(/containerd can restart without killing containers/);
    expect(why).toMatch(/live-restore/);
    expect(kindOf('shim')!.about).toMatch(/live-restore/);
  });

  it('the ping: only commands that need dockerd send it', () => {
    const why = whyOf(request(/^HEAD \/_ping$/));
    expect(why).toMatch(/no ping/);
    expect(why).not.toMatch(/^Every/);
  });

  it('docker-proxy is stopped with SIGINT', () => {
    const kill = request(/^kill\(\d+, SIGINT\)$/);
    expect(whyOf(kill)).toMatch(/SIGINT/);
  });
});

describe('the texts that teach storage say which Docker this host is', () => {
  it('names the containerd image store, the Engine 28 opt-in, the 29.0 default and overlay2', () => {
    expect(IMAGE_STORE_NOTE).toMatch(/containerd image store/);
    expect(IMAGE_STORE_NOTE).toMatch(/"containerd-snapshotter": true/);
    expect(IMAGE_STORE_NOTE).toMatch(/29\.0/);
    expect(IMAGE_STORE_NOTE).toMatch(/overlay2/);
    const imageStore = QUESTIONS.find((q) => q.id === 'image-store')!;
    expect(imageStore.answer).toMatch(/"containerd-snapshotter": true/);
    expect(imageStore.answer).toMatch(/29\.0/);
    expect(imageStore.answer).toMatch(/overlay2/);
    const pullLesson = LESSONS.find((l) => l.id === 'registry-pull')!;
    expect(pullLesson.intro).toMatch(/containerd image store/);
  });

  it('the inspector of pull and create carries the note; a ps request does not', () => {
    const engine = new Engine({ seed: 1 });
    engine.run('docker pull alpine');
    engine.run('docker create alpine');
    engine.run('docker ps');
    const note = (re: RegExp) =>
      inspect(
        engine.trace.find((m) => m.kind === 'request' && re.test(m.operation))!,
        engine.trace,
      ).sections.find((s) => s.id === 'image-store')?.note;
    expect(note(/^POST \S+\/images\/create/)).toBe(IMAGE_STORE_NOTE);
    expect(note(/^POST \S+\/containers\/create/)).toBe(IMAGE_STORE_NOTE);
    expect(note(/Snapshots\/Prepare/)).toBe(IMAGE_STORE_NOTE);
    expect(note(/^GET \S+\/containers\/json/)).toBeUndefined();
  });
});
