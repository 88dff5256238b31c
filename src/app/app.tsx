import { lazy, Suspense, useEffect } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { setUnauthorizedHandler } from '../lib/api';
import { localName, withTexts } from '../lib/i18n';
import { pageSettled, settleAfterLoad } from '../lib/page-settled';
import { Message } from '../ui/message';
import { canCall, usePermissionsLoaded } from '../lib/permissions';
import { useSession, sessionKey } from '../data/session';
import { useClientConfig } from '../data/basemap';
import { useCampaign } from '../data/campaign';
import { Header } from './header';
import { MapPage } from './map-page';
import { useRoute } from './router';
import { navRoutes, pathOf } from './routes';

// The login page is not part of the map page's first JavaScript either: visitors wait a moment for it.
const LoginPage = lazy(
  withTexts(() =>
    import('../features/session/components/login-page').then((module) => ({ default: module.LoginPage })),
  ),
);

// The header's end (the inbox's bell, the field app's status: offline, 待上传 N, the service worker; the user menu)
// loads with the bell's texts once the page has settled (the map's zones painted), not in the map page's first
// JavaScript (P1) nor beside the zones (P2, P8).
const HeaderEnd = lazy(() =>
  pageSettled.then(withTexts(() => import('./header-end').then((module) => ({ default: module.HeaderEnd })))),
);

// Every other page (my work, checks, reports, big screen, admin) loads on first use (P1).
const OtherPage = lazy(withTexts(() => import('./other-pages').then((module) => ({ default: module.OtherPage }))));

/** The composition root: who is logged in decides between the login page, the map and the admin pages. */
export function App() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const session = useSession();
  const config = useClientConfig();
  const route = useRoute();
  const { page, navigate } = route;
  const user = session.data?.user ?? null;
  const signedIn = user !== null;
  const campaign = useCampaign(signedIn || config.data?.publicRead === true);
  // The map page says when it has settled (its zones painted), the other pages once they have shown (other-pages.tsx);
  // the login page once it has loaded.
  const showsMap = signedIn ? page === 'map' || page === 'login' : config.data?.publicRead === true && page !== 'login';
  const decided = !session.isPending && !config.isPending;
  useEffect(() => {
    if (decided && !showsMap && !signedIn) settleAfterLoad();
  }, [decided, showsMap, signedIn]);

  // A 401 anywhere means the session ended (logout elsewhere, timeout, account disabled): back to login.
  useEffect(() => {
    setUnauthorizedHandler(() => client.setQueryData(sessionKey, { user: null }));
    return () => setUnauthorizedHandler(null);
  }, [client]);

  // After logging in on /login, continue on the map.
  useEffect(() => {
    if (signedIn && page === 'login') navigate(pathOf('map'));
  }, [signedIn, page, navigate]);

  const role = user?.role ?? null;
  // The page gates and the controls read the authorization matrix, loaded beside the map (src/lib/permissions.ts):
  // this renders again when it arrives.
  const permissionsReady = usePermissionsLoaded();
  // The user menu's links: the route table's, as the role's gates allow (routes.ts; none before the matrix loads).
  const links = navRoutes(role).map((entry) => ({ href: entry.path, label: t(entry.navLabel!) }));

  if (session.isPending || config.isPending) return <Message>{t('common.loading')}</Message>;
  if (session.isError || config.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;

  if (!user && (!config.data.publicRead || page === 'login')) {
    return (
      <div className="app">
        <Header year={null} sampleData={config.data.sampleData} />
        <Suspense fallback={<Message>{t('common.loading')}</Message>}>
          <LoginPage demoAccounts={config.data.demoAccounts === true} demoUnitAccounts={config.data.demoUnitAccounts} />
        </Suspense>
      </div>
    );
  }

  const unit = user?.unit ? campaign.data?.units.find((candidate) => candidate.id === user.unit) : undefined;
  const userMenu = user ? (
    <Suspense fallback={null}>
      <HeaderEnd
        user={user}
        unitName={unit ? localName(unit, i18n.language) : null}
        links={links}
        onNavigate={navigate}
      />
    </Suspense>
  ) : (
    <a
      className="header-link"
      href={pathOf('login')}
      onClick={(event) => {
        event.preventDefault();
        navigate(pathOf('login'));
      }}
    >
      {t('nav.login')}
    </a>
  );

  if (page !== 'map' && page !== 'login' && user) {
    // Not the map page while the campaign loads: a map mounted and removed at once aborted its worker.
    if (campaign.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;
    if (!campaign.data || !permissionsReady) return <Message>{t('common.loading')}</Message>;
    return (
      <Suspense fallback={<Message>{t('common.loading')}</Message>}>
        <OtherPage
          page={page}
          user={user}
          campaign={campaign.data}
          sampleData={config.data.sampleData}
          userMenu={userMenu}
          route={route}
        />
      </Suspense>
    );
  }
  return (
    <MapPage userMenu={userMenu} user={user} canSupervise={canCall(role, 'POST', '/api/zones/:id/supervisions')} />
  );
}
