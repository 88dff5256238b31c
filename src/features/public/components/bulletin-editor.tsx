import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';
import { problemText } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import { useBulletins, useBulletinWrites } from '../../../data/bulletins';
import { BULLETIN_TEXT_MAX, BULLETIN_TITLE_MAX, publicBulletin, type Bulletin } from '../../../shared/public/bulletins';
import { BulletinBody } from './bulletin-body';

/**
 * The month's 公开通报 on the monthly report page (docs/public.md): the office generates it from the report, edits
 * the title, text and items shown, and publishes it on the residents' site (or takes it back); other staff read it.
 */
export function BulletinEditor({ month, canEdit }: { month: string; canEdit: boolean }) {
  const { t } = useTranslation();
  const bulletins = useBulletins();
  const writes = useBulletinWrites();
  const bulletin = bulletins.data?.find((entry) => entry.month === month);
  const error = [writes.create, writes.save, writes.publish].find((mutation) => mutation.isError)?.error;
  return (
    <section className="bulletin-editor no-print" data-testid="bulletin-editor" aria-labelledby="bulletin-title">
      <h3 id="bulletin-title">{t('bulletin.title')}</h3>
      {bulletins.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {error ? (
        <Message tone="error">
          {problemText(error, t, { status: { 412: 'bulletin.stale', 409: 'bulletin.exists' }, otherwise: 'detail' })}
        </Message>
      ) : null}
      {bulletins.data && !bulletin ? (
        canEdit ? (
          <button
            type="button"
            className="primary-button"
            disabled={writes.create.isPending}
            onClick={() => writes.create.mutate(month)}
          >
            {t('bulletin.generate')}
          </button>
        ) : (
          <p className="muted">{t('bulletin.none')}</p>
        )
      ) : null}
      {bulletin ? <BulletinState bulletin={bulletin} /> : null}
      {bulletin && canEdit ? <BulletinForm key={`${bulletin.id}-${bulletin.version}`} bulletin={bulletin} /> : null}
      {bulletin ? (
        <>
          <h4>{t('bulletin.preview')}</h4>
          <div className="bulletin-preview">
            <h4>{bulletin.title}</h4>
            <BulletinBody bulletin={publicBulletin({ ...bulletin, publishedAt: bulletin.publishedAt ?? '' })} />
          </div>
        </>
      ) : null}
    </section>
  );
}

function BulletinState({ bulletin }: { bulletin: Bulletin }) {
  const { t, i18n } = useTranslation();
  return bulletin.status === 'published' && bulletin.publishedAt ? (
    <p className="bulletin-state is-published" data-testid="bulletin-state">
      {t('bulletin.published', { date: formatDateTime(bulletin.publishedAt, i18n.language) })}{' '}
      <a href={`/public/bulletins/${bulletin.id}`} target="_blank" rel="noreferrer">
        {t('bulletin.open')}
      </a>
    </p>
  ) : (
    <p className="bulletin-state" data-testid="bulletin-state">
      {t('bulletin.draft')}
    </p>
  );
}

function BulletinForm({ bulletin }: { bulletin: Bulletin }) {
  const { t, i18n } = useTranslation();
  const { save, publish } = useBulletinWrites();
  const [title, setTitle] = useState(bulletin.title);
  const [text, setText] = useState(bulletin.text);
  const [items, setItems] = useState(() => new Set(bulletin.items));
  const dirty =
    title !== bulletin.title ||
    text !== bulletin.text ||
    items.size !== bulletin.items.length ||
    bulletin.items.some((code) => !items.has(code));
  const published = bulletin.status === 'published';
  const busy = save.isPending || publish.isPending;
  return (
    <form
      className="bulletin-form"
      onSubmit={(event) => {
        event.preventDefault();
        const chosen = bulletin.content.items.map((item) => item.code).filter((code) => items.has(code));
        save.mutate({ bulletin, patch: { title, text, items: chosen } });
      }}
    >
      <label>
        {t('bulletin.titleField')}
        <input
          value={title}
          maxLength={BULLETIN_TITLE_MAX}
          required
          onChange={(event) => setTitle(event.target.value)}
        />
      </label>
      <label>
        {t('bulletin.text')}
        <textarea
          value={text}
          rows={5}
          maxLength={BULLETIN_TEXT_MAX}
          onChange={(event) => setText(event.target.value)}
        />
      </label>
      <fieldset>
        <legend>{t('bulletin.items')}</legend>
        {bulletin.content.items.map((item) => (
          <label key={item.code} className="bulletin-item-choice">
            <input
              type="checkbox"
              checked={items.has(item.code)}
              onChange={(event) => {
                const next = new Set(items);
                if (event.target.checked) next.add(item.code);
                else next.delete(item.code);
                setItems(next);
              }}
            />
            {itemLabel([item], item.code, i18n.language)}
          </label>
        ))}
      </fieldset>
      <div className="bulletin-actions">
        <button type="submit" className="secondary-button" disabled={busy || !dirty}>
          {t('bulletin.save')}
        </button>
        <button
          type="button"
          className="primary-button"
          disabled={busy || dirty}
          title={dirty ? t('bulletin.saveFirst') : undefined}
          onClick={() => publish.mutate({ bulletin, published: !published })}
        >
          {published ? t('bulletin.withdraw') : t('bulletin.publish')}
        </button>
        {dirty ? <span className="muted">{t('bulletin.saveFirst')}</span> : null}
      </div>
    </form>
  );
}
