import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { Field, NewPasswordInput } from '../../../ui/field';
import type { CampaignResponse } from '../../../shared/campaign/campaign';
import { ROLES, TOWN_ROLES, type Role, type SessionUser } from '../../../shared/admin/auth';
import { problemText, problemFields } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import { useCreateUser, useResetPassword, useUpdateUser, useUsers } from '../../../data/admin';
import { ApiTokensSection } from './api-tokens-section';
import { unitName } from '../../../lib/format';
import { UnitOptions } from '../../../ui/unit-options';
import '../admin.css';

/** Plain-language text for an API error on the accounts page. */
function useErrorText() {
  const { t } = useTranslation();
  return (error: unknown): string | null =>
    problemText(error, t, {
      status: {
        409: (problem) => t('accounts.conflict', { detail: problem?.detail ?? '' }),
        412: 'accounts.stale',
        400: (problem) => t('accounts.invalid', { detail: problemFields(problem) }),
      },
    });
}

/** Account administration for the campaign office (admin). */
export function AccountsPage({ campaign, currentUserId }: { campaign: CampaignResponse; currentUserId: string }) {
  const { t, i18n } = useTranslation();
  const users = useUsers();
  const unitLabel = (id: string | null) => unitName(campaign.units, id, i18n.language);
  return (
    <main className="admin-page" aria-labelledby="accounts-title">
      <h2 id="accounts-title">{t('accounts.title')}</h2>
      <CreateAccountForm campaign={campaign} />
      {users.isPending ? <Message>{t('common.loading')}</Message> : null}
      {users.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {users.data ? (
        <table className="data-table accounts-table">
          <thead>
            <tr>
              <th>{t('accounts.username')}</th>
              <th>{t('accounts.displayName')}</th>
              <th>{t('accounts.role')}</th>
              <th>{t('accounts.unit')}</th>
              <th>{t('accounts.state')}</th>
              <th>{t('accounts.actions')}</th>
            </tr>
          </thead>
          <tbody>
            {users.data.map((user) => (
              <AccountRow
                key={user.id}
                user={user}
                campaign={campaign}
                unitName={unitLabel(user.unit)}
                isSelf={user.id === currentUserId}
              />
            ))}
          </tbody>
        </table>
      ) : null}
      <ApiTokensSection />
    </main>
  );
}

function RoleAndUnitFields(props: {
  campaign: CampaignResponse;
  role: Role;
  unit: string;
  onRole(role: Role): void;
  onUnit(unit: string): void;
  idPrefix: string;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Field label={t('accounts.role')}>
        <select
          value={props.role}
          onChange={(event) => props.onRole(event.target.value as Role)}
          name={`${props.idPrefix}-role`}
        >
          {/* A county account is the operator's (npm run town): shown, never given here. */}
          {(props.role === 'county' ? ROLES : TOWN_ROLES).map((role) => (
            <option key={role} value={role}>
              {t(`roles.${role}`)}
            </option>
          ))}
        </select>
      </Field>
      {props.role === 'unit' ? (
        <Field label={t('accounts.unit')}>
          <select
            value={props.unit}
            onChange={(event) => props.onUnit(event.target.value)}
            required
            name={`${props.idPrefix}-unit`}
          >
            <option value="">{t('accounts.pickUnit')}</option>
            <UnitOptions units={props.campaign.units} />
          </select>
        </Field>
      ) : null}
    </>
  );
}

function CreateAccountForm({ campaign }: { campaign: CampaignResponse }) {
  const { t } = useTranslation();
  const create = useCreateUser();
  const errorText = useErrorText();
  const [username, setUsername] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [role, setRole] = useState<Role>('unit');
  const [unit, setUnit] = useState('');
  const [password, setPassword] = useState('');
  const [created, setCreated] = useState<string | null>(null);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    create.mutate(
      {
        username: username.trim(),
        displayName: displayName.trim(),
        role,
        unit: role === 'unit' ? unit : null,
        password,
      },
      {
        onSuccess: (user) => {
          setCreated(user.username);
          setUsername('');
          setDisplayName('');
          setPassword('');
        },
      },
    );
  };
  return (
    <form className="admin-form" onSubmit={submit} aria-label={t('accounts.create')}>
      <h3>{t('accounts.create')}</h3>
      <div className="form-row">
        <Field label={t('accounts.username')}>
          <input
            name="new-username"
            required
            maxLength={32}
            pattern="[a-z][a-z0-9._\-]*"
            title={t('accounts.usernameRule')}
            value={username}
            onChange={(e) => setUsername(e.target.value)}
          />
        </Field>
        <Field label={t('accounts.displayName')}>
          <input
            name="new-display-name"
            required
            maxLength={40}
            value={displayName}
            onChange={(e) => setDisplayName(e.target.value)}
          />
        </Field>
        <RoleAndUnitFields
          campaign={campaign}
          role={role}
          unit={unit}
          onRole={setRole}
          onUnit={setUnit}
          idPrefix="new"
        />
        <Field label={t('accounts.initialPassword')}>
          <NewPasswordInput name="new-password" value={password} onChange={setPassword} />
        </Field>
        <button type="submit" className="primary-button" disabled={create.isPending}>
          {t('accounts.createButton')}
        </button>
      </div>
      {create.isError ? <Message tone="error">{errorText(create.error)}</Message> : null}
      {created && !create.isError ? <Message>{t('accounts.created', { username: created })}</Message> : null}
    </form>
  );
}

function AccountRow(props: { user: SessionUser; campaign: CampaignResponse; unitName: string; isSelf: boolean }) {
  const { t } = useTranslation();
  const { user } = props;
  const update = useUpdateUser();
  const reset = useResetPassword();
  const errorText = useErrorText();
  const [mode, setMode] = useState<'view' | 'edit' | 'password'>('view');
  const [role, setRole] = useState<Role>(user.role);
  const [unit, setUnit] = useState(user.unit ?? '');
  const [displayName, setDisplayName] = useState(user.displayName);
  const [newPassword, setNewPassword] = useState('');
  const [notice, setNotice] = useState<string | null>(null);

  const saveEdit = (event: FormEvent) => {
    event.preventDefault();
    update.mutate(
      { user, changes: { displayName: displayName.trim(), role, unit: role === 'unit' ? unit : null } },
      { onSuccess: () => setMode('view') },
    );
  };
  const saveReset = (event: FormEvent) => {
    event.preventDefault();
    reset.mutate(
      { userId: user.id, newPassword },
      {
        onSuccess: () => {
          setNotice(t('accounts.passwordReset'));
          setNewPassword('');
          setMode('view');
        },
      },
    );
  };

  return (
    <tr data-username={user.username} className={user.disabled ? 'is-disabled' : undefined}>
      <td>
        {user.username}
        {user.demo ? <span className="tag">{t('accounts.demo')}</span> : null}
      </td>
      <td>{user.displayName}</td>
      <td>{t(`roles.${user.role}`)}</td>
      <td>{props.unitName}</td>
      <td>{user.disabled ? t('accounts.disabled') : t('accounts.active')}</td>
      <td>
        <div className="row-actions">
          {mode === 'view' ? (
            <>
              <button type="button" className="link-button" onClick={() => setMode('edit')}>
                {t('accounts.edit')}
              </button>
              <button type="button" className="link-button" onClick={() => setMode('password')}>
                {t('accounts.resetPassword')}
              </button>
              {props.isSelf ? null : (
                <button
                  type="button"
                  className="link-button"
                  onClick={() => update.mutate({ user, changes: { disabled: !user.disabled } })}
                >
                  {user.disabled ? t('accounts.enable') : t('accounts.disable')}
                </button>
              )}
            </>
          ) : null}
          {mode === 'edit' ? (
            <form className="inline-form" onSubmit={saveEdit}>
              <Field label={t('accounts.displayName')}>
                <input required maxLength={40} value={displayName} onChange={(e) => setDisplayName(e.target.value)} />
              </Field>
              {props.isSelf ? null : (
                <RoleAndUnitFields
                  campaign={props.campaign}
                  role={role}
                  unit={unit}
                  onRole={setRole}
                  onUnit={setUnit}
                  idPrefix={`edit-${user.id}`}
                />
              )}
              <button type="submit" className="primary-button" disabled={update.isPending}>
                {t('common.save')}
              </button>
              <button type="button" className="link-button" onClick={() => setMode('view')}>
                {t('common.cancel')}
              </button>
            </form>
          ) : null}
          {mode === 'password' ? (
            <form className="inline-form" onSubmit={saveReset}>
              <Field label={t('accounts.newPassword')}>
                <NewPasswordInput value={newPassword} onChange={setNewPassword} />
              </Field>
              <button type="submit" className="primary-button" disabled={reset.isPending}>
                {t('common.save')}
              </button>
              <button type="button" className="link-button" onClick={() => setMode('view')}>
                {t('common.cancel')}
              </button>
            </form>
          ) : null}
          {update.isError ? <Message tone="error">{errorText(update.error)}</Message> : null}
          {reset.isError ? <Message tone="error">{errorText(reset.error)}</Message> : null}
          {notice ? <span className="muted">{notice}</span> : null}
        </div>
      </td>
    </tr>
  );
}
