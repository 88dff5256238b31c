import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import type { QueryClient } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../shared/admin/auth';
import type { CampaignResponse } from '../shared/campaign/campaign';
import { canCall } from '../lib/permissions';
import { createCampaignLookup } from '../shared/campaign/campaign-lookup';
import { withTexts } from '../lib/i18n';
import { settleAfterLoad } from '../lib/page-settled';
import { myTasksQuery } from '../data/tasks';
import { Message } from '../ui/message';
import { preloadable } from '../ui/preloadable';
import { Header } from './header';
import type { RouteState } from './router';
import { mayOpen, pathOf, type Page } from './routes';

// Every page but the map loads on first use, each with its texts: none is in the map page's first JavaScript (P1).
const AccountsPage = lazy(
  withTexts(() =>
    import('../features/admin/components/accounts-page').then((module) => ({ default: module.AccountsPage })),
  ),
);
const AuditPage = lazy(
  withTexts(() => import('../features/admin/components/audit-page').then((module) => ({ default: module.AuditPage }))),
);
const WorkPage = preloadable(
  withTexts(() => import('../features/tasks/components/work-page').then((module) => ({ default: module.WorkPage }))),
);
// The meeting-room screen (大屏) with the dashboard and ECharts.
// A lead unit's zones still to self-inspect this month (月度自查), above its work list.
const InspectionsDue = preloadable(
  withTexts(() =>
    import('../features/checks/components/inspections-due').then((module) => ({ default: module.InspectionsDue })),
  ),
);

/**
 * Start a page's code and first read before React asks for them (the app's start, src/app/main.tsx, once the session
 * says who is signed in). 我的工作 is the field app's start page: on a weak link its two parts and its tasks would
 * otherwise come one after the other, each a round trip after the last (React renders the second part only once the
 * first has loaded), and the page would show a loading notice for a moment after they have all come.
 */
export function preloadPage(page: Page, client: QueryClient): void {
  if (page !== 'work') return;
  void InspectionsDue.preload();
  void WorkPage.preload();
  void client.prefetchQuery(myTasksQuery());
}

/** Inside a page's Suspense: the page has shown, so what waits for the page to settle may load now. */
function Settles() {
  useEffect(() => settleAfterLoad(), []);
  return null;
}
const BigScreen = lazy(withTexts(() => import('./big-screen').then((module) => ({ default: module.BigScreen }))));
const ChecksPage = lazy(
  withTexts(() =>
    import('../features/checks/components/checks-page').then((module) => ({ default: module.ChecksPage })),
  ),
);
// The printable write-up (整治案件) of one zone.
const WriteupPage = lazy(
  withTexts(() =>
    import('../features/reports/components/writeup-page').then((module) => ({ default: module.WriteupPage })),
  ),
);
// 月报告 and 年考核: printable pages.
const MonthlyReportPage = lazy(
  withTexts(() =>
    import('../features/reports/components/monthly-report-page').then((module) => ({
      default: module.MonthlyReportPage,
    })),
  ),
);
const WeeklyReportPage = lazy(
  withTexts(() =>
    import('../features/reports/components/weekly-report-page').then((module) => ({
      default: module.WeeklyReportPage,
    })),
  ),
);
// The month's 公开通报 under the 月报告 (the residents' site feature; docs/public.md).
const BulletinEditor = lazy(
  withTexts(() =>
    import('../features/public/components/bulletin-editor').then((module) => ({
      default: module.BulletinEditor,
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
// Annual plans (整治计划) and the printable town plan (汇总表).
const PlansPage = lazy(
  withTexts(() => import('../features/plans/components/plans-page').then((module) => ({ default: module.PlansPage }))),
);
const PlanSummaryPage = lazy(
  withTexts(() =>
    import('../features/plans/components/plan-summary-page').then((module) => ({ default: module.PlanSummaryPage })),
  ),
);

// GIS import (导入): upload, preview on a small map, field mapping, validation report, commit.
const ImportPage = lazy(
  withTexts(() =>
    import('../features/imports/components/import-page').then((module) => ({ default: module.ImportPage })),
  ),
);
// 数字城管 cases: list, detail with the workflow, the 上报案件 form.
const CasesPage = lazy(
  withTexts(() => import('../features/cases/components/cases-page').then((module) => ({ default: module.CasesPage }))),
);
// 防汛预案 and 灾后总结: printable pages of the flood view.
const FloodDocumentPage = lazy(
  withTexts(() =>
    import('../features/flood/season/flood-document-page').then((module) => ({ default: module.FloodDocumentPage })),
  ),
);

// 县（市）级总览: every town side by side.
const CountyPage = lazy(
  withTexts(() =>
    import('../features/county/components/county-page').then((module) => ({ default: module.CountyPage })),
  ),
);

// 督办: the unit's answers and the leaders' close and send-back.
const SupervisionsPage = lazy(
  withTexts(() =>
    import('../features/supervision/components/supervisions-page').then((module) => ({
      default: module.SupervisionsPage,
    })),
  ),
);

// 例会 and 专项工作会议: agenda, minutes, decisions (printable 会议纪要).
const MeetingsPage = lazy(
  withTexts(() =>
    import('../features/meetings/components/meetings-page').then((module) => ({ default: module.MeetingsPage })),
  ),
);

// 目标责任书: the printable letter of a unit and year, and the office's signing table.
const ResponsibilityPage = lazy(
  withTexts(() =>
    import('../features/responsibility/components/responsibility-page').then((module) => ({
      default: module.ResponsibilityPage,
    })),
  ),
);

// The campaign office's notification settings: rules, units' group robots, failed messages.
const NotificationSettingsPage = lazy(
  withTexts(() =>
    import('../features/notifications/components/notification-settings-page').then((module) => ({
      default: module.NotificationSettingsPage,
    })),
  ),
);

// 台账: the registers' lists, each object's card, the GIS export.
const RegistersPage = lazy(
  withTexts(() =>
    import('../features/registers/components/registers-page').then((module) => ({ default: module.RegistersPage })),
  ),
);

export interface OtherPageProps {
  page: Exclude<Page, 'map' | 'login'>;
  user: SessionUser;
  campaign: CampaignResponse;
  sampleData: boolean;
  userMenu: ReactNode;
  /** The URL (the app's router): the pages read their query string from it. */
  route: RouteState;
}

/** Pages beside the map: my work, checks, reports, the big screen, the admin pages (a plain refusal when the role may not see one). */
export function OtherPage({ page, user, campaign, sampleData, userMenu, route }: OtherPageProps) {
  const { t } = useTranslation();
  const role = user.role;
  const { navigate, search, setSearch } = route;
  const query = new URLSearchParams(search);
  const lookup = createCampaignLookup(campaign);
  const shell = (content: ReactNode, className = 'page-scroll', appClass = 'app') => (
    <div className={appClass}>
      <Header
        year={campaign.campaign.year}
        sampleData={sampleData}
        end={userMenu}
        onHome={() => navigate(pathOf('map'))}
      />
      <div className={className}>
        <Suspense fallback={<Message>{t('common.loading')}</Message>}>
          {content}
          <Settles />
        </Suspense>
      </div>
    </div>
  );
  const noAccess = shell(
    <p className="no-access">
      {t('pages.noAccess')}{' '}
      <a
        href={pathOf('map')}
        onClick={(event) => {
          event.preventDefault();
          navigate(pathOf('map'));
        }}
      >
        {t('pages.toMap')}
      </a>
    </p>,
  );
  // The route table's gate (routes.ts), the same one that shows or hides the page's link.
  if (!mayOpen(page, role)) return noAccess;
  switch (page) {
    case 'big':
      return (
        <Suspense fallback={<Message>{t('common.loading')}</Message>}>
          <BigScreen campaign={campaign} sampleData={sampleData} />
          <Settles />
        </Suspense>
      );
    case 'work':
      return shell(
        <>
          {role === 'unit' && user.unit ? (
            <InspectionsDue
              lookup={lookup}
              today={campaign.today}
              onOpenZone={(zoneId) => navigate(`/?zone=${encodeURIComponent(zoneId)}`)}
            />
          ) : null}
          <WorkPage
            lookup={lookup}
            today={campaign.today}
            onOpen={(zoneId, taskId) => navigate(`/?zone=${zoneId}&task=${taskId}`)}
          />
        </>,
      );
    case 'checks':
      return shell(
        <ChecksPage
          lookup={lookup}
          today={campaign.today}
          onOpenZone={(zoneId) => navigate(`/?zone=${encodeURIComponent(zoneId)}`)}
          search={search}
          onSearch={setSearch}
        />,
      );
    case 'writeup':
      return shell(
        <WriteupPage campaign={campaign} sampleData={sampleData} zoneId={query.get('zone')} onNavigate={navigate} />,
        'page-scroll',
        'app case-report-app',
      );
    case 'monthlyReport':
      return shell(
        <MonthlyReportPage
          campaign={campaign}
          canEdit={canCall(role, 'PUT', '/api/reports/monthly/:month/commentary/:unit')}
          search={search}
          onSearch={setSearch}
          footer={(month) => (
            <Suspense fallback={null}>
              <BulletinEditor month={month} canEdit={canCall(role, 'POST', '/api/bulletins')} />
            </Suspense>
          )}
        />,
        'page-scroll report-scroll',
      );
    case 'weeklyReport':
      return shell(
        <WeeklyReportPage
          campaign={campaign}
          canSend={canCall(role, 'POST', '/api/reports/weekly/send')}
          search={search}
          onSearch={setSearch}
          onNavigate={navigate}
        />,
        'page-scroll report-scroll',
      );
    case 'annualReport':
      return shell(
        <AnnualReportPage campaign={campaign} search={search} onSearch={setSearch} />,
        'page-scroll report-scroll',
      );
    case 'plans':
      return shell(
        <PlansPage user={user} campaign={campaign} search={search} onSearch={setSearch} onNavigate={navigate} />,
      );
    case 'planSummary':
      return shell(
        <PlanSummaryPage campaign={campaign} sampleData={sampleData} search={search} onSearch={setSearch} />,
        'page-scroll report-scroll',
      );
    case 'accounts':
      return shell(<AccountsPage campaign={campaign} currentUserId={user.id} />);
    case 'audit':
      return shell(<AuditPage />);
    case 'notifySettings':
      return shell(<NotificationSettingsPage campaign={campaign} />);
    case 'import':
      return shell(<ImportPage campaign={campaign} navigate={navigate} />);
    case 'cases':
      return shell(<CasesPage user={user} campaign={campaign} initialCaseId={query.get('case')} />);
    case 'county':
      return shell(<CountyPage onOpenMap={() => navigate(pathOf('map'))} />);
    case 'supervisions':
      return shell(
        <SupervisionsPage user={user} lookup={lookup} today={campaign.today} search={search} onSearch={setSearch} />,
      );
    case 'meetings':
      return shell(
        <MeetingsPage
          campaign={campaign}
          canWrite={canCall(role, 'POST', '/api/meetings')}
          search={search}
          onNavigate={navigate}
        />,
        'page-scroll report-scroll',
      );
    case 'responsibility':
      return shell(
        <ResponsibilityPage
          campaign={campaign}
          ownUnit={role === 'unit' ? user.unit : null}
          canOverview={canCall(role, 'GET', '/api/responsibility')}
          canRecord={canCall(role, 'PUT', '/api/responsibility/:year/:unit')}
          search={search}
          onNavigate={navigate}
        />,
        'page-scroll report-scroll',
      );
    case 'flood':
      return shell(<FloodDocumentPage campaign={campaign} query={query} />, 'page-scroll report-scroll');
    case 'registers':
      return shell(
        <RegistersPage user={user} today={campaign.today} sampleData={sampleData} initialKind={query.get('kind')} />,
      );
  }
}
