import { describe, expect, it } from 'vitest';
import { matchesReference, referencePatterns } from './imageFilters';

describe('the reference filter of GET /images/json', () => {
  it('reads the patterns the CLI sends, current and legacy shapes', () => {
    expect(referencePatterns('{"reference":{"alpine":true}}')).toEqual(['alpine']);
    expect(referencePatterns('{"reference":["nginx:1"]}')).toEqual(['nginx:1']);
    expect(referencePatterns('{"dangling":{"true":true}}')).toEqual([]);
    expect(referencePatterns('not json')).toEqual([]);
    expect(referencePatterns(undefined)).toEqual([]);
  });

  it('matches like FamiliarMatch: the whole reference, then the name alone', () => {
    expect(matchesReference('alpine', 'alpine:latest')).toBe(true);
    expect(matchesReference('alpine:latest', 'alpine:latest')).toBe(true);
    expect(matchesReference('alpine:3.20', 'alpine:latest')).toBe(false);
    expect(matchesReference('alpine', 'alpine@sha256:abc')).toBe(true);
    expect(matchesReference('alp', 'alpine:latest')).toBe(false);
    expect(matchesReference('ng*', 'nginx:latest')).toBe(true);
    expect(matchesReference('*', 'user/app:1')).toBe(false);
    expect(matchesReference('*/*', 'user/app:1')).toBe(true);
    expect(matchesReference('localhost:5000/app', 'localhost:5000/app:v1')).toBe(true);
    expect(matchesReference('[', 'alpine:latest')).toBe(false);
  });
});
