/** Every lesson, in the order a beginner should take them. */
import type { Lesson } from './types';
import { clientDaemon, imagesContainers, registryPull } from './content/basics';
import { exitCodes, lifecycle, runIsCreateStart } from './content/containers';
import { containerdShimRunc, logs, ports } from './content/internals';
import { manyDaemons, remoteWire, twoDaemons } from './content/hosts';
import { volumes } from './content/volumes';
import { findEachOther, publishPackets } from './content/networks';
import { execJoins } from './content/exec';
// ── host ──
import { hostView } from './content/hostView';
import { restartHealth } from './content/lifecycle';
// ── sec ──
import { whatPrivilegedMeans } from './content/privileged';
import { limits } from './content/limits';
import { whatSurvivesRestart } from './content/restarts';
// ── storage ──
import { overlay2VsContainerd } from './content/storage';
import { tagLoginPush } from './content/push';

export const LESSONS: readonly Lesson[] = [
  clientDaemon,
  imagesContainers,
  registryPull,
  lifecycle,
  runIsCreateStart,
  exitCodes,
  ports,
  publishPackets,
  findEachOther,
  logs,
  volumes,
  containerdShimRunc,
  // ── host ──
  hostView,
  execJoins,
  // ── life ──
  restartHealth,
  // ── sec ──
  whatPrivilegedMeans,
  // ── res ──
  limits,
  whatSurvivesRestart,
  // ── storage ──
  overlay2VsContainerd,
  tagLoginPush,
  manyDaemons,
  remoteWire,
  twoDaemons,
];

export function lessonById(id: string): Lesson | undefined {
  return LESSONS.find((l) => l.id === id);
}
