// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { initI18n, loadMoreTexts } from '../../../lib/i18n';
import type { SessionUser } from '../../../shared/admin/auth';
import { ChecksSection } from './checks-section';

const inspector = { id: '3', username: 'inspector', displayName: '检查组', role: 'inspector', unit: null };

/** The zone's checks and photos answer; the checklists fail (500) as long as `checklistsFail` is set. */
function stubApi(checklistsFail: boolean) {
  vi.stubGlobal(
    'fetch',
    vi.fn(async (input: RequestInfo | URL) => {
      const url = String(input);
      if (url.startsWith('/api/checklists') && checklistsFail)
        return new Response(JSON.stringify({ title: 'Internal Server Error', status: 500 }), {
          status: 500,
          headers: { 'content-type': 'application/problem+json' },
        });
      return new Response('[]', { status: 200, headers: { 'content-type': 'application/json' } });
    }),
  );
}

afterEach(() => vi.unstubAllGlobals());

async function renderSection() {
  await loadMoreTexts();
  const i18n = initI18n();
  const client = new QueryClient({ defaultOptions: { queries: { retry: false } } });
  render(
    <QueryClientProvider client={client}>
      <I18nextProvider i18n={i18n}>
        <ChecksSection zoneId="1" item="R1" user={inspector as SessionUser} today="2026-06-15" />
      </I18nextProvider>
    </QueryClientProvider>,
  );
}

describe('ChecksSection', () => {
  it('says so in plain words when the checklist cannot be loaded, instead of a button that opens nothing', async () => {
    const { permissionsLoaded } = await import('../../../lib/permissions');
    await permissionsLoaded;
    stubApi(true);
    await renderSection();
    fireEvent.click(await screen.findByRole('button', { name: /记录.*季度检查|季检查/ }));
    expect(await screen.findByText('数据加载失败，请检查网络后刷新页面。')).toBeTruthy();
    expect(document.body.textContent).not.toContain('Internal Server Error');
  });
});
