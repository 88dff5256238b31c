import { describe, expect, it } from 'vitest';
import { buildApiDocs, readApiDocs, renderApiDocs } from '../../../scripts/api-docs';
import { API_DESCRIPTIONS, routeKey } from './api-descriptions';
import { AUTHORIZATION_MATRIX } from './authorization';

describe('docs/api.md (npm run docs:api)', () => {
  it('has a description for every route of the authorization matrix, and none for a route it lacks', () => {
    const routes = AUTHORIZATION_MATRIX.map(routeKey);
    expect(
      routes.filter((route) => !API_DESCRIPTIONS[route]),
      'add them to api-descriptions.ts',
    ).toEqual([]);
    expect(Object.keys(API_DESCRIPTIONS).filter((route) => !routes.includes(route))).toEqual([]);
  });

  it('refuses to render a route without a description', () => {
    expect(() => renderApiDocs([{ method: 'GET', url: '/api/new', access: {} }], API_DESCRIPTIONS)).toThrow(
      'GET /api/new',
    );
  });

  it('renders every cell of a row', () => {
    const page = renderApiDocs(
      [{ method: 'GET', url: '/api/x', access: { admin: 'allow', unit: 'own' }, publicRead: true }],
      { 'GET /api/x': { summary: 'An example.', ifMatch: true } },
    );
    expect(page).toContain('| `GET /api/x` | An example. | required | public | — | ✓ | — | own | — |');
  });

  it('is up to date with the matrix', async () => {
    const expected = await buildApiDocs();
    expect(readApiDocs() === expected, 'docs/api.md is stale: run `npm run docs:api` and commit it').toBe(true);
  });
});
