import { beforeEach, describe, expect, it } from 'vitest';
import { bridge } from '../bridge';
import { appStore } from '../store';
import { checkSession } from '../persist/schema';
import { currentSession } from '../persist/storage';
import { applySession } from '../persist/session';
import { checkStep, lessonSteps, nextStep, startLesson } from './lessonControl';
import { LESSONS } from './content';

beforeEach(async () => {
  await bridge.reset();
  appStore.setState({ lesson: null, completed: {}, learnMode: 'sandbox' });
});

describe('lesson steps on the page’s own host', () => {
  it('a step ticks when its goal holds, whatever the animation did', async () => {
    await startLesson('client-daemon');
    expect(appStore.getState().learnMode).toBe('lessons');
    expect(checkStep()).toBe(false);
    bridge.run('docker version');
    // Nothing has been animated (no player runs here): the engine's state decides.
    expect(checkStep()).toBe(true);
    expect(appStore.getState().completed['client-daemon']).toEqual(['version']);
  });

  it('a wrong command does not tick the step, and an old command does not tick the next one', async () => {
    await startLesson('client-daemon');
    bridge.run('docker images');
    expect(checkStep()).toBe(false);
    bridge.run('docker version');
    expect(checkStep()).toBe(true);
    nextStep();
    // Step 2 wants a ping and a container list since it began: `docker version` came before.
    expect(checkStep()).toBe(false);
    bridge.run('docker ps');
    expect(checkStep()).toBe(true);
  });

  it('starting at a later step prepares the host with the solutions before it', async () => {
    const lesson = LESSONS.find((l) => l.steps.length >= 2 && l.setup.length > 0) ?? LESSONS[0]!;
    await startLesson(lesson.id, 1);
    const runs = bridge.session.inputs.filter((i) => i.op === 'run').map((i) => i.line);
    expect(runs).toEqual([...lesson.setup, ...lesson.steps[0]!.solution]);
    expect(appStore.getState().lesson?.step).toBe(1);
  });
});

describe('a saved session', () => {
  it('round-trips through the checks and rebuilds the same host', async () => {
    await startLesson('client-daemon');
    bridge.run('docker version');
    checkStep();
    bridge.advance(1000);
    bridge.run('docker run -d --name web nginx');
    const saved = JSON.parse(JSON.stringify(currentSession())) as unknown;
    const before = bridge.view();
    const traceLength = bridge.trace.length;

    await bridge.reset();
    appStore.setState({ lesson: null, completed: {} });
    expect(bridge.view()?.containers).toHaveLength(0);

    const checked = checkSession(saved, lessonSteps);
    expect(checked.ok).toBe(true);
    if (!checked.ok) return;
    await applySession(checked.value);
    expect(bridge.trace.length).toBe(traceLength);
    expect(bridge.view()).toEqual(before);
    expect(appStore.getState().lesson?.id).toBe('client-daemon');
    expect(appStore.getState().completed['client-daemon']).toEqual(['version']);
  });
});
