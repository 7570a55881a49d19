import { describe, expect, it } from 'vitest';
import { OFFICIAL_IMAGES, hubKnowledge } from './officialImages';
import { CATALOG } from './catalog';

describe('hubKnowledge: what the simulated Docker Hub may claim about a repository', () => {
  it('serves what it carries', () => {
    expect(hubKnowledge('library/nginx', true)).toBe('carried');
  });
  it('knows a one-word name that is no official image does not exist', () => {
    expect(hubKnowledge('library/nosuch', false)).toBe('absent');
  });
  it('never claims an official image or a user repository does not exist', () => {
    expect(hubKnowledge('library/rust', false)).toBe('not-carried');
    expect(hubKnowledge('bitnami/redis', false)).toBe('not-carried');
    expect(hubKnowledge('someone/nosuch', false)).toBe('not-carried');
  });
  it('every carried repository is an official image', () => {
    for (const repo of CATALOG)
      expect(OFFICIAL_IMAGES.has(repo.name.replace(/^library\//, ''))).toBe(true);
  });
});
