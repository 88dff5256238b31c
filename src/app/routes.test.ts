import { beforeAll, describe, expect, it } from 'vitest';
import { permissionsLoaded } from '../lib/permissions';
import { mayOpen, navRoutes, pageOf, pathOf, ROUTES } from './routes';

describe('the route table', () => {
  beforeAll(() => permissionsLoaded);

  it('maps each path to its page and back, any other path to the map', () => {
    for (const route of ROUTES) {
      expect(pageOf(route.path)).toBe(route.page);
      expect(pathOf(route.page)).toBe(route.path);
    }
    expect(pageOf('/no/such/page')).toBe('map');
    expect(pathOf('writeup')).toBe('/reports/case');
  });

  it('gives each role the links its gates allow, the same gates as the pages', () => {
    const links = (role: Parameters<typeof navRoutes>[0]) => navRoutes(role).map((route) => route.page);
    expect(links('admin')).toEqual(expect.arrayContaining(['map', 'work', 'checks', 'accounts', 'audit']));
    expect(links('inspector')).toContain('checks');
    expect(links('leader')).toContain('checks');
    expect(links('leader')).not.toContain('accounts');
    for (const role of ['admin', 'inspector', 'leader', 'unit'] as const)
      for (const route of navRoutes(role)) expect(mayOpen(route.page, role)).toBe(true);
    expect(mayOpen('checks', 'leader')).toBe(true);
    expect(mayOpen('accounts', 'leader')).toBe(false);
    expect(mayOpen('checks', null)).toBe(false);
    expect(mayOpen('big', 'leader')).toBe(true);
  });
});
