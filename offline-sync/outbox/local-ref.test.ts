import { describe, it, expect } from 'vitest';
import { localRefFromId, normalizeLocalRef } from './local-ref';
import { newId } from '../../common/ids';

describe('local reference', () => {
  it('derives distinct, normalisable local references', () => {
    const refs = new Set(Array.from({ length: 2000 }, () => localRefFromId(newId())));
    expect(refs.size).toBe(2000);
    for (const r of [...refs].slice(0, 50)) expect(normalizeLocalRef(r.toLowerCase())).toBe(r);
  });
});
