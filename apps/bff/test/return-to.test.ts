import { describe, expect, it } from 'vitest';
import { safeReturnTo } from '../src/auth/establish';
import { withBase } from '../src/routes/auth';

describe('safeReturnTo', () => {
  it('keeps same-origin paths and refuses everything that could leave the site', () => {
    expect(safeReturnTo('/ns/a/isvc/b?tab=logs')).toBe('/ns/a/isvc/b?tab=logs');
    for (const bad of [
      '//evil.example.com',
      '/\\evil.example.com',
      'https://evil.example.com',
      'javascript:alert(1)',
      '',
      undefined,
      42,
      '/a\nb',
    ]) {
      expect(safeReturnTo(bad)).toBe('/');
    }
  });
  it('prefixes the base path once', () => {
    expect(withBase('/servedeck', '/ns/a')).toBe('/servedeck/ns/a');
    expect(withBase('/servedeck', '/servedeck/ns/a')).toBe('/servedeck/ns/a');
    expect(withBase('', '/ns/a')).toBe('/ns/a');
  });
});
