import { describe, expect, it } from 'vitest';
import { useAppStore } from './index';
import type { DetailLevel } from './detailSlice';

describe('detail level', () => {
  it('starts at the overview (issue 12), switches, and ignores values that are not levels', () => {
    const store = useAppStore;
    expect(store.getState().detailLevel).toBe('overview');
    store.getState().setDetailLevel('full');
    expect(store.getState().detailLevel).toBe('full');
    store.getState().setDetailLevel('everything' as DetailLevel);
    expect(store.getState().detailLevel).toBe('full');
    store.getState().setDetailLevel('overview');
    expect(store.getState().detailLevel).toBe('overview');
  });
});
