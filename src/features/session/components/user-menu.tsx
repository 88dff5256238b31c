import { lazy, Suspense, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/admin/auth';
import { useLogout } from '../../../data/session';
import { withTexts } from '../../../lib/i18n';
import '../session.css';

// The password form loads when someone opens it (P1).
const PasswordForm = lazy(
  withTexts(() => import('./password-form').then((module) => ({ default: module.PasswordForm }))),
);

export interface UserMenuProps {
  user: SessionUser;
  unitName: string | null;
  /** Extra entries (e.g. admin pages) composed by the app. */
  links: { href: string; label: string }[];
  onNavigate(href: string): void;
}

/** Who is logged in (name, role, unit), with password change and logout. */
export function UserMenu({ user, unitName, links, onNavigate }: UserMenuProps) {
  const { t } = useTranslation();
  const logout = useLogout();
  const [passwordOpen, setPasswordOpen] = useState(false);
  const menu = useRef<HTMLDetailsElement>(null);
  // Close the menu on a click elsewhere or Escape, like any menu.
  useEffect(() => {
    const close = (event: Event) => {
      const details = menu.current;
      if (!details?.open) return;
      if (event instanceof KeyboardEvent ? event.key === 'Escape' : !details.contains(event.target as Node)) {
        details.open = false;
      }
    };
    document.addEventListener('click', close);
    document.addEventListener('keydown', close);
    return () => {
      document.removeEventListener('click', close);
      document.removeEventListener('keydown', close);
    };
  }, []);
  return (
    <details className="user-menu" ref={menu}>
      <summary aria-label={t('user.menu')}>
        <span className="user-name">{user.displayName}</span>
        <span className="user-role">{t(`roles.${user.role}`)}</span>
      </summary>
      <div className="user-menu-body">
        <div className="user-facts">
          <strong>{user.displayName}</strong>
          <div className="muted">
            {t(`roles.${user.role}`)}
            {unitName ? ` · ${unitName}` : ''}
          </div>
          <div className="muted">{t('user.loginName', { name: user.username })}</div>
        </div>
        {links.map((link) => (
          <a
            key={link.href}
            href={link.href}
            className="menu-item"
            onClick={(event) => {
              event.preventDefault();
              if (menu.current) menu.current.open = false;
              onNavigate(link.href);
            }}
          >
            {link.label}
          </a>
        ))}
        <button type="button" className="menu-item" onClick={() => setPasswordOpen(!passwordOpen)}>
          {t('user.changePassword')}
        </button>
        {passwordOpen ? (
          <Suspense fallback={null}>
            <PasswordForm onDone={() => setPasswordOpen(false)} />
          </Suspense>
        ) : null}
        <button type="button" className="menu-item" onClick={logout}>
          {t('user.logout')}
        </button>
      </div>
    </details>
  );
}
