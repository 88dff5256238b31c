import { useCallback, useEffect, useState, type MouseEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { switchLanguage } from '../../../lib/i18n';
import { ApiError } from '../../../lib/api';
import { Message } from '../../../ui/message';
import { usePublicZones } from '../../../data/public';
import { ZonePage } from './zone-page';
import { ReportForm } from './report-form';
import { FollowPage } from './follow-page';
import { TownPage } from './town-page';
import { PrivacyPage } from './privacy-page';
import { PosterPage } from './poster-page';
import { BulletinPage, BulletinsPage } from './bulletin-pages';
import '../public.css';

/** Moves between the site's pages without reloading (the site's own small router: paths under /public). */
export type Navigate = (to: string) => void;

/** A link inside the site. */
export function SiteLink({
  to,
  navigate,
  children,
  className,
}: {
  to: string;
  navigate: Navigate;
  children: ReactNode;
  className?: string;
}) {
  return (
    <a
      href={to}
      className={className}
      onClick={(event: MouseEvent) => {
        event.preventDefault();
        navigate(to);
      }}
    >
      {children}
    </a>
  );
}

const here = () => ({ path: window.location.pathname, search: window.location.search });

/** The residents' site: the town map, zone pages, 随手拍, following a report and the 公开通报 (docs/public.md). */
export function PublicSite() {
  const { t, i18n } = useTranslation();
  const [location, setLocation] = useState(here);
  useEffect(() => {
    const update = () => setLocation(here());
    window.addEventListener('popstate', update);
    return () => window.removeEventListener('popstate', update);
  }, []);
  const navigate = useCallback<Navigate>((to) => {
    window.history.pushState(null, '', to);
    setLocation(here());
    window.scrollTo(0, 0);
  }, []);
  useEffect(() => {
    document.title = t('publicSite.title');
    document.documentElement.lang = i18n.language;
  }, [t, i18n.language]);
  const zones = usePublicZones();

  const { path, search } = location;
  const zoneMatch = /^\/public\/zones\/(\d+)$/.exec(path);
  const reportMatch = /^\/public\/reports\/([\w-]+)$/.exec(path);
  const posterMatch = /^\/public\/zones\/(\d+)\/poster$/.exec(path);
  const bulletinMatch = /^\/public\/bulletins\/(\d+)$/.exec(path);
  let page: ReactNode;
  if (zones.isPending) page = <Message>{t('publicSite.loading')}</Message>;
  else if (zones.isError) {
    const off = zones.error instanceof ApiError && zones.error.status === 404;
    page = <Message tone="error">{t(off ? 'publicSite.siteOff' : 'publicSite.loadFailed')}</Message>;
  } else if (posterMatch) page = <PosterPage id={posterMatch[1]!} />;
  else if (zoneMatch) page = <ZonePage id={zoneMatch[1]!} zones={zones.data} navigate={navigate} />;
  else if (path === '/public/report') {
    page = <ReportForm zones={zones.data} search={search} navigate={navigate} />;
  } else if (reportMatch) page = <FollowPage token={reportMatch[1]!} navigate={navigate} />;
  else if (path === '/public/privacy') page = <PrivacyPage />;
  else if (path === '/public/bulletins') page = <BulletinsPage navigate={navigate} />;
  else if (bulletinMatch) page = <BulletinPage id={bulletinMatch[1]!} navigate={navigate} />;
  else page = <TownPage zones={zones.data} navigate={navigate} />;

  const other = i18n.language === 'en' ? 'zh-CN' : 'en';
  return (
    <div className="public-site">
      <header className="public-header">
        <SiteLink to="/public" navigate={navigate} className="public-title">
          {t('publicSite.title')}
        </SiteLink>
        <button type="button" className="public-language" onClick={() => void switchLanguage(i18n, other)}>
          {t('publicSite.language')}
        </button>
      </header>
      <main className="public-main">{page}</main>
      <footer className="public-footer">
        <SiteLink to="/public/privacy" navigate={navigate}>
          {t('publicSite.privacy')}
        </SiteLink>
      </footer>
    </div>
  );
}
