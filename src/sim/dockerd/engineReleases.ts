/**
 * The Docker Engine releases DockScope can install on its host. An older engine
 * speaks an older API: its ping's `Api-Version` header makes the 28.2 CLI
 * negotiate down (`/v1.45/…`, and `docker version` says "downgraded from 1.50").
 * Everything else the older daemon does is DockScope's 28.2 model: a stated
 * simplification (only the version it reports and the API it speaks change).
 */
export interface EngineRelease {
  version: string;
  apiVersion: string;
  minApiVersion: string;
  gitCommit: string;
  goVersion: string;
  /** As dockerd reports it in /version's Details.BuildTime. */
  buildTime: string;
}

export const ENGINE_RELEASES = {
  '28.2.2': {
    version: '28.2.2',
    apiVersion: '1.50',
    minApiVersion: '1.24',
    gitCommit: '45873be',
    goVersion: 'go1.24.3',
    buildTime: '2025-05-30T12:07:26.000000000+00:00',
  },
  // moby v26.1.4 (api/common.go DefaultVersion 1.45, Dockerfile GO_VERSION 1.21.11, tag de5c9cf).
  '26.1.4': {
    version: '26.1.4',
    apiVersion: '1.45',
    minApiVersion: '1.24',
    gitCommit: 'de5c9cf',
    goVersion: 'go1.21.11',
    buildTime: '2024-06-05T11:28:57.000000000+00:00',
  },
} as const satisfies Record<string, EngineRelease>;

export type EngineVersion = keyof typeof ENGINE_RELEASES;
export const DEFAULT_ENGINE: EngineVersion = '28.2.2';

export const isEngineVersion = (v: string): v is EngineVersion => Object.hasOwn(ENGINE_RELEASES, v);
