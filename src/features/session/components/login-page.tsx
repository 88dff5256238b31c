import { useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field } from '../../../ui/field';
import { problemText } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import { useLogin } from '../../../data/session-writes';
import { useTowns } from '../../../data/county';
import { clearOfflineData } from '../../../lib/offline-cache';
import { localName } from '../../../lib/i18n';
import type { DemoUnitAccount } from '../../../shared/geo/basemap';
import '../session.css';

export interface LoginPageProps {
  /** Demo mode: list the demo accounts and their published password. */
  demoAccounts: boolean;
  /** Demo mode: the 社区 and 村 accounts (listed apart, folded, so the list stays short on a phone). */
  demoUnitAccounts?: readonly DemoUnitAccount[] | undefined;
}

const DEMO_USERNAMES = ['leader', 'admin', 'planner', 'inspector', 'water', 'jianguan', 'chengguan', 'county'] as const;

/** The demo password, published (README); the button fills it in with the account's name. */
const DEMO_PASSWORD_SHOWN = 'jinxi-demo';

/** The login page: the only page a visitor sees unless the public view is switched on. */
export function LoginPage({ demoAccounts, demoUnitAccounts = [] }: LoginPageProps) {
  const { t, i18n } = useTranslation();
  const login = useLogin();
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  // A deployment of several towns: the account's town is chosen (its name; the code is only the value).
  const towns = useTowns().data ?? [];
  const [town, setTown] = useState('');
  const chosenTown = town || towns[0]?.code || '';
  // Whoever signs in next on this phone must not see the last user's data kept for offline use (docs/field.md).
  useEffect(() => {
    void clearOfflineData();
  }, []);

  const choose = (name: string) => {
    setUsername(name);
    setPassword(DEMO_PASSWORD_SHOWN);
  };

  const submit = (event: FormEvent) => {
    event.preventDefault();
    login.mutate({ username: username.trim(), password, ...(towns.length > 1 ? { town: chosenTown } : {}) });
  };

  const error = problemText(login.error, t, {
    status: {
      401: 'login.wrong',
      429: (_problem, error) => {
        const seconds = Number(error.headers?.get('Retry-After') ?? '900');
        return t('login.throttled', { minutes: Math.max(1, Math.ceil(seconds / 60)) });
      },
    },
    fallback: 'login.failed',
  });

  return (
    <main className="login-page">
      <form className="login-card" onSubmit={submit} aria-labelledby="login-title">
        <h2 id="login-title">{t('login.title')}</h2>
        <p className="muted">{t('login.subtitle')}</p>
        {towns.length > 1 ? (
          <Field label={t('login.town')}>
            <select name="town" value={chosenTown} onChange={(event) => setTown(event.target.value)}>
              {towns.map((option) => (
                <option key={option.code} value={option.code}>
                  {option.name}
                </option>
              ))}
            </select>
          </Field>
        ) : null}
        <Field label={t('login.username')}>
          <input
            name="username"
            autoComplete="username"
            autoCapitalize="none"
            spellCheck={false}
            required
            maxLength={64}
            value={username}
            onChange={(event) => setUsername(event.target.value)}
          />
        </Field>
        <Field label={t('login.password')}>
          <input
            name="password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={200}
            value={password}
            onChange={(event) => setPassword(event.target.value)}
          />
        </Field>
        {error ? <Message tone="error">{error}</Message> : null}
        <button type="submit" className="primary-button" disabled={login.isPending}>
          {login.isPending ? t('login.signingIn') : t('login.submit')}
        </button>
        {demoAccounts ? (
          <div className="demo-accounts">
            <p>{t('login.demoHint')}</p>
            <h3>{t('login.demoGroup.department')}</h3>
            <ul>
              {DEMO_USERNAMES.map((name) => (
                <li key={name}>
                  <button type="button" className="link-button" onClick={() => choose(name)}>
                    {name}
                  </button>{' '}
                  <span className="muted">{t(`login.demo.${name}`)}</span>
                </li>
              ))}
            </ul>
            {(['community', 'village'] as const).map((kind) => {
              const accounts = demoUnitAccounts.filter((account) => account.kind === kind);
              return accounts.length ? (
                <details key={kind} className="demo-unit-accounts" data-kind={kind}>
                  <summary>{t(`login.demoGroup.${kind}`, { count: accounts.length })}</summary>
                  <ul>
                    {accounts.map((account) => (
                      <li key={account.username}>
                        <button
                          type="button"
                          className="link-button"
                          data-username={account.username}
                          onClick={() => choose(account.username)}
                        >
                          {localName(account, i18n.language)}
                        </button>
                      </li>
                    ))}
                  </ul>
                </details>
              ) : null;
            })}
          </div>
        ) : null}
      </form>
    </main>
  );
}
