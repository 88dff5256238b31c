import 'maplibre-gl/dist/maplibre-gl.css';
import '../styles/tokens.css';
import '../styles/base.css';
import '../styles/boot.css';
import './app.css';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { QueryClientProvider } from '@tanstack/react-query';
import { I18nextProvider } from 'react-i18next';
import { createQueryClient } from '../lib/query-client';
import { initI18n, loadMoreTexts, storedLanguage, switchLanguage } from '../lib/i18n';
import { App } from './app';
import { FailureBoundary } from '../ui/failure-boundary';
import { sessionQuery } from '../data/session';
import { basemapQuery, clientConfigQuery, placesQuery } from '../data/basemap';
import { campaignQuery } from '../data/campaign';
import { zonesQuery } from '../data/zones';
import { holdWorkers } from '../map/map-engine';
import { currentPage } from './router';
import { pageSettled } from '../lib/page-settled';

const i18n = initI18n();
const chosen = storedLanguage();
const queryClient = createQueryClient();
// Start the map page's requests before React mounts (the components find them in the cache), but only
// once the session says they will be allowed: a visitor sees the login page and no 401s. The server has the browser
// fetch them with the HTML already (its Link header, src/server/platform/page-preload.ts): these reads take those
// answers.
const session = Promise.all([queryClient.fetchQuery(sessionQuery()), queryClient.fetchQuery(clientConfigQuery())]);
const firstReads = session
  .then(([session, config]) => {
    if (!session.user && !config.publicRead) return;
    const page = currentPage();
    const campaign = queryClient.prefetchQuery(campaignQuery());
    const mapReads = () => {
      void queryClient.prefetchQuery(placesQuery());
      return [queryClient.prefetchQuery(zonesQuery()), queryClient.prefetchQuery(basemapQuery())];
    };
    if (session.user && page !== 'map' && page !== 'login') {
      // Another page: its code, texts and first read start now, beside the campaign (other-pages.tsx). The map's
      // reads wait until it has shown, so as not to share a weak link with it; they are ready a tap later.
      void loadMoreTexts();
      void import('./other-pages').then((module) => module.preloadPage(page, queryClient));
      void pageSettled.then(mapReads);
      return;
    }
    const mapData = [campaign, ...mapReads()];
    if (page !== 'map') return;
    // The map's worker loads and starts while the data comes and React renders the page (P2).
    holdWorkers();
    return Promise.all(mapData);
  })
  .catch(() => undefined); // the App shows load errors itself
const root = document.getElementById('root');
if (!root) throw new Error('missing #root');
// Someone who chose English gets it from the first paint (its texts load in parallel with the data).
const texts = chosen === 'zh-CN' ? Promise.resolve() : switchLanguage(i18n, chosen).catch(() => undefined);
// React starts once the session and the configuration have come (preloaded with the HTML, index.html) and, on the map
// page, its zones, their colours and the base map: its first render is then the page itself, map included, rather
// than a loading line and empty panes filled in one by one, each render holding the main thread a little longer
// (P2). Until then the HTML's skeleton shows the page's frame.
void Promise.allSettled([texts, firstReads]).then(() =>
  createRoot(root).render(
    <StrictMode>
      <I18nextProvider i18n={i18n}>
        <QueryClientProvider client={queryClient}>
          <FailureBoundary>
            <App />
          </FailureBoundary>
        </QueryClientProvider>
      </I18nextProvider>
    </StrictMode>,
  ),
);
