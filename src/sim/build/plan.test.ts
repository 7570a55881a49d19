import { describe, expect, it } from 'vitest';
import { parseDockerfile } from './dockerfile';
import { expand, fromVertex, planBuild } from './plan';
import { STARTER_PROJECTS } from '../shell/starterProjects';

const parsed = (text: string) => {
  const r = parseDockerfile(text);
  if (!r.ok) throw new Error(r.message);
  return r;
};
const project = (name: string) => STARTER_PROJECTS.find(([p]) => p === `${name}/Dockerfile`)![1];

describe("dockerfile2llb's plan: stages, target, vertex names", () => {
  it('names a single stage’s vertices [i/n] without a stage name, counting FROM, COPY, RUN and WORKDIR', () => {
    const p = planBuild(parsed(project('node-app')), { buildArgs: new Map() });
    if (!p.ok) throw new Error(p.message);
    const [stage] = p.stages;
    expect(stage!.displayName).toBe('');
    expect(stage!.image).toBe('node:23');
    expect(fromVertex(stage!, 'docker.io/library/node:23@sha256:abc')).toBe(
      '[1/5] FROM docker.io/library/node:23@sha256:abc',
    );
    expect(stage!.steps.flatMap((s) => (s.vertex ? [s.vertex] : []))).toEqual([
      '[2/5] WORKDIR /app',
      '[3/5] COPY package.json ./',
      '[4/5] RUN npm install --omit=dev',
      '[5/5] COPY server.js ./',
    ]);
  });

  it('prefixes a multi-stage build’s vertices with the stage name, stage-N for an unnamed one', () => {
    const p = planBuild(parsed(project('go-app')), { buildArgs: new Map() });
    if (!p.ok) throw new Error(p.message);
    expect(p.stages.map((s) => [s.displayName, s.image, s.total])).toEqual([
      ['build', 'golang:1.23', 4],
      ['stage-1', 'alpine:3.20', 2],
    ]);
    expect(p.stages[1]!.steps[0]!.vertex).toBe(
      '[stage-1 2/2] COPY --from=build /out/hello /usr/local/bin/hello',
    );
  });

  it('--target builds only the stages the target needs, and a wrong one gets the frontend’s error', () => {
    const text =
      'FROM alpine:3.20 AS base\nRUN echo base\nFROM base AS test\nRUN echo test\nFROM alpine:3.20 AS other\nRUN echo other\n';
    const p = planBuild(parsed(text), { buildArgs: new Map(), target: 'test' });
    if (!p.ok) throw new Error(p.message);
    expect(p.stages.map((s) => s.displayName)).toEqual(['base', 'test']);
    expect(p.stages[1]!.baseStage).toBe(0);
    expect(p.stages[1]!.steps[0]!.vertex).toBe('[test 1/1] RUN echo test');
    expect(planBuild(parsed(text), { buildArgs: new Map(), target: 'tset' })).toEqual({
      ok: false,
      message: 'target stage "tset" could not be found (did you mean test?)',
    });
  });

  it('substitutes ARGs (defaults, --build-arg) into FROM and ENV into vertex names', () => {
    const text =
      'ARG TAG=3.20\nFROM alpine:${TAG}\nARG GREETING=hi\nENV DIR=/srv\nWORKDIR $DIR\nRUN echo $GREETING > ${DIR}/g\n';
    const p = planBuild(parsed(text), { buildArgs: new Map([['GREETING', 'hello']]) });
    if (!p.ok) throw new Error(p.message);
    expect(p.stages[0]!.image).toBe('alpine:3.20');
    expect(p.stages[0]!.steps.flatMap((s) => (s.vertex ? [s.vertex] : []))).toEqual([
      '[2/3] WORKDIR /srv',
      '[3/3] RUN echo hello > /srv/g',
    ]);
    const q = planBuild(parsed(text), { buildArgs: new Map([['TAG', '3']]) });
    expect(q.ok && q.stages[0]!.image).toBe('alpine:3');
  });

  it('refuses COPY --from a stage defined later', () => {
    const text = 'FROM alpine AS a\nCOPY --from=b /x /x\nFROM alpine AS b\n';
    expect(planBuild(parsed(text), { buildArgs: new Map(), target: 'a' })).toEqual({
      ok: false,
      message: 'cannot copy from stage "b", it needs to be defined before current stage "a"',
      line: 2,
    });
  });

  it('pads the step number to the width of the total (%*d)', () => {
    const runs = Array.from({ length: 10 }, (_, i) => `RUN echo ${i}`).join('\n');
    const p = planBuild(parsed(`FROM alpine\n${runs}\n`), { buildArgs: new Map() });
    expect(p.ok && p.stages[0]!.steps[0]!.vertex).toBe('[ 2/11] RUN echo 0');
  });

  it('expands $X and ${X} as shlex does; an unset one is empty', () => {
    expect(
      expand(
        'a $X ${Y} ${Z:-dflt} $NONE.',
        new Map([
          ['X', '1'],
          ['Y', '2'],
        ]),
      ),
    ).toBe('a 1 2 dflt .');
  });
});
