import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, NewPasswordInput } from '../../../ui/field';
import { problemOf } from '../../../lib/problem-text';
import { ApiError } from '../../../lib/api';
import { Message } from '../../../ui/message';
import { useChangeOwnPassword } from '../../../data/session-writes';

/** Change one's own password (from the user menu). */
export function PasswordForm({ onDone }: { onDone(): void }) {
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
  const problem = change.error ? problemOf(change.error) : null;
  const error =
    change.error instanceof ApiError && change.error.status === 429
      ? t('passwordForm.passwordThrottled', {
          minutes: Math.max(1, Math.ceil(Number(change.error.headers?.get('Retry-After') ?? '900') / 60)),
        })
      : problem?.errors?.some((entry) => entry.path === 'currentPassword')
        ? t('passwordForm.currentWrong')
        : change.error
          ? t('passwordForm.passwordRules')
          : null;
  return (
    <form className="password-form" onSubmit={submit}>
      <Field label={t('passwordForm.currentPassword')}>
        <input
          type="password"
          autoComplete="current-password"
          required
          value={currentPassword}
          onChange={(e) => setCurrent(e.target.value)}
        />
      </Field>
      <Field label={t('passwordForm.newPassword')}>
        <NewPasswordInput value={newPassword} onChange={setNew} />
      </Field>
      <Field label={t('passwordForm.repeatPassword')}>
        <input
          type="password"
          autoComplete="new-password"
          required
          value={repeat}
          onChange={(e) => setRepeat(e.target.value)}
        />
      </Field>
      {mismatch ? <Message tone="error">{t('passwordForm.mismatch')}</Message> : null}
      {error ? <Message tone="error">{error}</Message> : null}
      {done ? <Message>{t('passwordForm.passwordChanged')}</Message> : null}
      <button type="submit" className="primary-button" disabled={change.isPending || mismatch}>
        {t('common.save')}
      </button>
    </form>
  );
}
