import { useEffect, useRef, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, NewPasswordInput } from '../../../ui/field';
import type { SessionUser } from '../../../shared/auth';
import { ApiError } from '../../../lib/api';
import { Message } from '../../../ui/message';
import { useChangeOwnPassword, useLogout } from '../session.queries';

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
            {user.username} · {t(`roles.${user.role}`)}
            {unitName ? ` · ${unitName}` : ''}
          </div>
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
        {passwordOpen ? <PasswordForm onDone={() => setPasswordOpen(false)} /> : null}
        <button type="button" className="menu-item" onClick={() => logout.mutate()}>
          {t('user.logout')}
        </button>
      </div>
    </details>
  );
}

function PasswordForm({ onDone }: { onDone(): void }) {
  const { t } = useTranslation();
  const change = useChangeOwnPassword();
  const [currentPassword, setCurrent] = useState('');
  const [newPassword, setNew] = useState('');
  const [repeat, setRepeat] = useState('');
  const [done, setDone] = useState(false);
  const mismatch = repeat !== '' && repeat !== newPassword;
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (mismatch) return;
    change.mutate(
      { currentPassword, newPassword },
      {
        onSuccess: () => {
          setDone(true);
          setTimeout(onDone, 1200);
        },
      },
    );
  };
  const error =
    change.error instanceof ApiError && change.error.problem?.errors?.some((entry) => entry.path === 'currentPassword')
      ? t('user.currentWrong')
      : change.error
        ? t('user.passwordRules')
        : null;
  return (
    <form className="password-form" onSubmit={submit}>
      <Field label={t('user.currentPassword')}>
        <input
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </Field>
      <Field label={t('user.newPassword')}>
        <NewPasswordInput value={newPassword} onChange={setNew} />
      </Field>
      <Field label={t('user.repeatPassword')}>
        <input
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </Field>
      {mismatch ? <Message tone="error">{t('user.mismatch')}</Message> : null}
      {error ? <Message tone="error">{error}</Message> : null}
      {done ? <Message>{t('user.passwordChanged')}</Message> : null}
      <button type="submit" className="primary-button" disabled={change.isPending || mismatch}>
        {t('common.save')}
      </button>
    </form>
  );
}
