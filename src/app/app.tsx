import { lazy, Suspense, useEffect, useMemo } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { setUnauthorizedHandler } from '../lib/api';
import { localName, withTexts } from '../lib/i18n';
import { Message } from '../ui/message';
import { canCall } from '../shared/authorization';
import { createCampaignLookup } from '../shared/campaign-lookup';
import { useSession, sessionKey } from '../features/session/session.queries';
import { UserMenu } from '../features/session/components/user-menu';
import { useClientConfig } from '../features/basemap/basemap.queries';
import { useCampaign } from '../features/campaign/campaign.queries';
import { Header } from './header';
import { MapPage } from './map-page';
import { PAGE_PATHS, usePage } from './router';

// The login page is not part of the map page's first JavaScript either: visitors wait a moment for it.
const LoginPage = lazy(() =>
  import('../features/session/components/login-page').then((module) => ({ default: module.LoginPage })),
);

// The admin pages load on first use: they are not part of the map page's initial JavaScript (P1).
const AccountsPage = lazy(
  withTexts(() =>
    import('../features/admin/components/accounts-page').then((module) => ({ default: module.AccountsPage })),
  ),
);
const WorkPage = lazy(
  withTexts(() => import('../features/zones/components/work-page').then((module) => ({ default: module.WorkPage }))),
);
// 月报告 and 年考核: printable pages, loaded on first use.
const MonthlyReportPage = lazy(
  withTexts(() =>
    import('../features/reports/components/monthly-report-page').then((module) => ({
      default: module.MonthlyReportPage,
    })),
  ),
);
const AnnualReportPage = lazy(
  withTexts(() =>
    import('../features/reports/components/annual-report-page').then((module) => ({
      default: module.AnnualReportPage,
    })),
  ),
);
const AuditPage = lazy(
  withTexts(() => import('../features/admin/components/audit-page').then((module) => ({ default: module.AuditPage }))),
);

/** The composition root: who is logged in decides between the login page, the map and the admin pages. */
export function App() {
  const { t, i18n } = useTranslation();
  const client = useQueryClient();
  const session = useSession();
  const config = useClientConfig();
  const [page, navigate] = usePage();
  const user = session.data?.user ?? null;
  const signedIn = user !== null;
  const campaign = useCampaign(signedIn || config.data?.publicRead === true);

  // A 401 anywhere means the session ended (logout elsewhere, timeout, account disabled): back to login.
  useEffect(() => {
    setUnauthorizedHandler(() => client.setQueryData(sessionKey, { user: null }));
    return () => setUnauthorizedHandler(null);
  }, [client]);

  // After logging in on /login, continue on the map.
  useEffect(() => {
    if (signedIn && page === 'login') navigate(PAGE_PATHS.map);
  }, [signedIn, page, navigate]);

  const role = user?.role ?? null;
  const links = useMemo(() => {
    const entries: { href: string; label: string }[] = [{ href: PAGE_PATHS.map, label: t('nav.map') }];
    if (canCall(role, 'GET', '/api/my-tasks')) entries.push({ href: PAGE_PATHS.work, label: t('nav.work') });
    if (canCall(role, 'GET', '/api/reports/monthly')) {
      entries.push({ href: PAGE_PATHS.monthlyReport, label: t('reports.monthly') });
    }
    if (canCall(role, 'GET', '/api/assessment'))
      entries.push({ href: PAGE_PATHS.annualReport, label: t('reports.annual') });
    if (canCall(role, 'GET', '/api/users')) entries.push({ href: PAGE_PATHS.accounts, label: t('nav.accounts') });
    if (canCall(role, 'GET', '/api/audit')) entries.push({ href: PAGE_PATHS.audit, label: t('nav.audit') });
    return entries;
  }, [role, t]);

  if (session.isPending || config.isPending) return <Message>{t('common.loading')}</Message>;
  if (session.isError || config.isError) return <Message tone="error">{t('common.loadFailed')}</Message>;

  if (!user && (!config.data.publicRead || page === 'login')) {
    return (
      <div className="app">
        <Header year={null} sampleData={config.data.sampleData} />
        <Suspense fallback={<Message>{t('common.loading')}</Message>}>
          <LoginPage demoAccounts={config.data.demoAccounts === true} />
        </Suspense>
      </div>
    );
  }

  const unit = user?.unit ? campaign.data?.units.find((candidate) => candidate.id === user.unit) : undefined;
  const userMenu = user ? (
    <UserMenu user={user} unitName={unit ? localName(unit, i18n.language) : null} links={links} onNavigate={navigate} />
  ) : (
    <a
      className="header-link"
      href={PAGE_PATHS.login}
      onClick={(event) => {
        event.preventDefault();
        navigate(PAGE_PATHS.login);
      }}
    >
      {t('login.submit')}
    </a>
  );

  if (page === 'work' && user && campaign.data) {
    const lookup = createCampaignLookup(campaign.data);
    return (
      <div className="app">
        <Header
          year={campaign.data.campaign.year}
          sampleData={config.data.sampleData}
          end={userMenu}
          onHome={() => navigate('/')}
        />
        <div className="page-scroll">
          <Suspense fallback={<Message>{t('common.loading')}</Message>}>
            <WorkPage
              lookup={lookup}
              today={campaign.data.today}
              onOpen={(zoneId, taskId) => navigate(`/?zone=${zoneId}&task=${taskId}`)}
            />
          </Suspense>
        </div>
      </div>
    );
  }

  const reportPage =
    (page === 'monthlyReport' && canCall(role, 'GET', '/api/reports/monthly')) ||
    (page === 'annualReport' && canCall(role, 'GET', '/api/assessment'));
  if (reportPage && user && campaign.data) {
    return (
      <div className="app">
        <Header
          year={campaign.data.campaign.year}
          sampleData={config.data.sampleData}
          end={userMenu}
          onHome={() => navigate('/')}
        />
        <div className="page-scroll report-scroll">
          <Suspense fallback={<Message>{t('common.loading')}</Message>}>
            {page === 'monthlyReport' ? (
              <MonthlyReportPage
                campaign={campaign.data}
                canEdit={canCall(role, 'PUT', '/api/reports/monthly/:month/commentary/:unit')}
              />
            ) : (
              <AnnualReportPage campaign={campaign.data} />
            )}
          </Suspense>
        </div>
      </div>
    );
  }

  const adminPage =
    (page === 'accounts' && canCall(role, 'GET', '/api/users')) ||
    (page === 'audit' && canCall(role, 'GET', '/api/audit'));
  if (adminPage && user && campaign.data) {
    return (
      <div className="app">
        <Header
          year={campaign.data.campaign.year}
          sampleData={config.data.sampleData}
          end={userMenu}
          onHome={() => navigate('/')}
        />
        <div className="page-scroll">
          <Suspense fallback={<Message>{t('common.loading')}</Message>}>
            {page === 'accounts' ? <AccountsPage campaign={campaign.data} currentUserId={user.id} /> : <AuditPage />}
          </Suspense>
        </div>
      </div>
    );
  }
  return (
    <MapPage userMenu={userMenu} user={user} canSupervise={canCall(role, 'POST', '/api/zones/:id/supervisions')} />
  );
}
