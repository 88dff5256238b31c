import '../styles/tokens.css';
import '../styles/base.css';
import { lazy, StrictMode, Suspense } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { createQueryClient } from '../lib/query-client';
import { initI18n, storedLanguage, switchLanguage, withTexts } from '../lib/i18n';
import { FailureBoundary } from '../ui/failure-boundary';

/**
 * The residents' site (/public, PUBLIC_SITE=1; docs/public.md): its own page and entry, so none of it is in the staff
 * app's first JavaScript, and nothing of the staff app is in its.
 */
const PublicSite = lazy(
  withTexts(() =>
    import('../features/public/components/public-site').then((module) => ({ default: module.PublicSite })),
  ),
);

const i18n = initI18n();
const chosen = storedLanguage();
const queryClient = createQueryClient();
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
const ready = chosen === 'zh-CN' ? Promise.resolve() : switchLanguage(i18n, chosen).catch(() => undefined);
void ready.then(() =>
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <FailureBoundary>
            <Suspense fallback={null}>
              <PublicSite />
            </Suspense>
          </FailureBoundary>
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  ),
);
