import { useCallback, useEffect, useState } from 'react';

export type Page =
  | 'map'
  | 'work'
  | 'big'
  | 'accounts'
  | 'audit'
  | 'login'
  | 'checks'
  | 'case'
  | 'monthlyReport'
  | 'annualReport'
  | 'import'
  | 'cases';

export const PAGE_PATHS: Record<Page, string> = {
  map: '/',
  work: '/work',
  big: '/big',
  checks: '/checks',
  case: '/reports/case',
  accounts: '/admin/accounts',
  audit: '/admin/audit',
  login: '/login',
  monthlyReport: '/reports/monthly',
  annualReport: '/reports/annual',
  import: '/import',
  cases: '/cases',
};

export function pageOf(pathname: string): Page {
  if (pathname === PAGE_PATHS.work) return 'work';
  if (pathname === PAGE_PATHS.big) return 'big';
  if (pathname === PAGE_PATHS.checks) return 'checks';
  if (pathname === PAGE_PATHS.case) return 'case';
  if (pathname === PAGE_PATHS.accounts) return 'accounts';
  if (pathname === PAGE_PATHS.audit) return 'audit';
  if (pathname === PAGE_PATHS.login) return 'login';
  if (pathname === PAGE_PATHS.monthlyReport) return 'monthlyReport';
  if (pathname === PAGE_PATHS.annualReport) return 'annualReport';
  if (pathname === PAGE_PATHS.import) return 'import';
  if (pathname === PAGE_PATHS.cases) return 'cases';
  return 'map';
}

/** The current page from the path, and a way to go to another (history API, no reload). */
export function usePage(): [Page, (href: string) => void] {
  const [pathname, setPathname] = useState(() => window.location.pathname);
  useEffect(() => {
    const onPop = () => setPathname(window.location.pathname);
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  const navigate = useCallback((href: string) => {
    window.history.pushState(null, '', href);
    setPathname(new URL(href, window.location.href).pathname);
  }, []);
  return [pageOf(pathname), navigate];
}
