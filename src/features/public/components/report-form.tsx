import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDateTime } from '../../../lib/format';
import { problemText } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';
import { useMeToo, useNearbyReports, useSendReport } from '../../../data/public';
import type { PublicZoneCollection } from '../../../shared/public/public';
import {
  PHONE_PATTERN,
  REPORT_CATEGORY_IDS,
  REPORT_DESCRIPTION_MAX,
  REPORT_MAX_PHOTOS,
  type ReportCategory,
} from '../../../shared/public/reports';
import { rememberReport } from '../my-reports';
import { PublicMap } from './public-map';
import { SiteLink, type Navigate } from './public-site';
import { statusLookup } from './town-page';

/** A place from the address (?lon=&lat=, from a zone page or a QR poster), else null. */
function placeFrom(search: string): { lon: number; lat: number } | null {
  const query = new URLSearchParams(search);
  const lon = Number(query.get('lon'));
  const lat = Number(query.get('lat'));
  if (!query.get('lon') || !query.get('lat') || !Number.isFinite(lon) || !Number.isFinite(lat)) return null;
  return Math.abs(lon) <= 180 && Math.abs(lat) <= 90 ? { lon, lat } : null;
}

/** 随手拍: photos, the problem in plain words, the place, an optional note and phone; 我也遇到 first when it fits. */
export function ReportForm({
  zones,
  search,
  navigate,
}: {
  zones: PublicZoneCollection;
  search: string;
  navigate: Navigate;
}) {
  const { t, i18n } = useTranslation();
  const [photos, setPhotos] = useState<File[]>([]);
  const [category, setCategory] = useState<ReportCategory | null>(null);
  const [place, setPlace] = useState(() => placeFrom(search));
  const [description, setDescription] = useState('');
  const [phone, setPhone] = useState('');
  const [invalid, setInvalid] = useState<string | null>(null);
  const [notSame, setNotSame] = useState(false);
  const [locating, setLocating] = useState(false);
  const [located, setLocated] = useState<string | null>(null);
  const nearby = useNearbyReports(place, category);
  const meToo = useMeToo();
  const send = useSendReport();
  const statuses = statusLookup(zones, i18n.language);

  if (send.data) {
    const link = `/public/reports/${send.data.token}`;
    return (
      <section className="public-sent">
        <Message>{t('publicSite.form.sent')}</Message>
        <p>{t('publicSite.form.keepLink')}</p>
        <p className="public-link">{`${window.location.origin}${link}`}</p>
        <SiteLink to={link} navigate={navigate} className="public-button public-button-primary">
          {t('publicSite.form.follow')}
        </SiteLink>
      </section>
    );
  }
  if (meToo.data) {
    return (
      <section className="public-sent">
        <Message>{t('publicSite.form.meTooDone', { count: meToo.data.meToo })}</Message>
        <SiteLink to="/public" navigate={navigate} className="public-button">
          {t('publicSite.back')}
        </SiteLink>
      </section>
    );
  }

  const offers = notSame ? [] : (nearby.data?.reports ?? []);
  const submit = (event: FormEvent) => {
    event.preventDefault();
    const missing = !photos.length
      ? 'needPhoto'
      : !category
        ? 'needCategory'
        : !place
          ? 'needPlace'
          : phone.trim() && !PHONE_PATTERN.test(phone.trim())
            ? 'badPhone'
            : null;
    setInvalid(missing ? t(`publicSite.form.${missing}`) : null);
    if (missing || !category || !place || offers.length) return;
    send.mutate(
      { category, description, phone, place, photos },
      {
        onSuccess: (created) => rememberReport({ token: created.token, category, sentAt: new Date().toISOString() }),
      },
    );
  };
  const locate = () => {
    if (!navigator.geolocation) return setLocated(t('publicSite.form.positionFailed'));
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (position) => {
        setLocating(false);
        setLocated(null);
        setPlace({ lon: position.coords.longitude, lat: position.coords.latitude });
      },
      () => {
        setLocating(false);
        setLocated(t('publicSite.form.positionFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000 },
    );
  };
  const sendError = problemText(send.error ?? meToo.error, t, {
    status: { 429: 'publicSite.form.tooMany', 415: 'publicSite.form.badPhoto', 413: 'publicSite.form.badPhoto' },
    fallback: 'publicSite.loadFailed',
  });

  return (
    <form className="public-form" onSubmit={submit} noValidate>
      <h1 className="public-heading">{t('publicSite.form.title')}</h1>
      <label className="public-field">
        <span>{t('publicSite.form.photos')}</span>
        <input
          type="file"
          accept="image/jpeg,image/png,image/webp"
          multiple
          onChange={(event) => setPhotos([...(event.target.files ?? [])].slice(0, REPORT_MAX_PHOTOS))}
        />
        <small className="public-muted">{t('publicSite.form.photosHint')}</small>
      </label>
      <label className="public-field">
        <span>{t('publicSite.form.category')}</span>
        <select
          value={category ?? ''}
          onChange={(event) => {
            setCategory((event.target.value || null) as ReportCategory | null);
            setNotSame(false);
          }}
        >
          <option value="">{t('publicSite.form.chooseCategory')}</option>
          {REPORT_CATEGORY_IDS.map((id) => (
            <option key={id} value={id}>
              {t(`publicSite.category.${id}`)}
            </option>
          ))}
        </select>
      </label>
      <fieldset className="public-field">
        <legend>{t('publicSite.form.place')}</legend>
        <small className="public-muted">{t('publicSite.form.placeHint')}</small>
        <PublicMap
          zones={zones.features}
          colorOf={statuses.color}
          label={t('publicSite.form.place')}
          onPlace={(chosen) => {
            setPlace(chosen);
            setNotSame(false);
          }}
          marker={place}
        />
        <button type="button" className="public-button" onClick={locate} disabled={locating}>
          {t('publicSite.form.useMyPosition')}
        </button>
        {place && <small className="public-muted">{t('publicSite.form.placeChosen')}</small>}
        {located && <small className="public-error">{located}</small>}
      </fieldset>
      <label className="public-field">
        <span>{t('publicSite.form.description')}</span>
        <textarea
          value={description}
          maxLength={REPORT_DESCRIPTION_MAX}
          rows={3}
          onChange={(event) => setDescription(event.target.value)}
        />
      </label>
      <label className="public-field">
        <span>{t('publicSite.form.phone')}</span>
        <input
          type="tel"
          inputMode="numeric"
          autoComplete="tel"
          value={phone}
          onChange={(event) => setPhone(event.target.value)}
        />
        <small className="public-muted">{t('publicSite.form.phoneHint')}</small>
      </label>
      {offers.length > 0 && (
        <section className="public-nearby" aria-live="polite">
          <h2 className="public-heading">{t('publicSite.form.nearbyTitle')}</h2>
          <ul>
            {offers.map((offer) => (
              <li key={offer.id}>
                <span>
                  {t(`publicSite.category.${offer.category}`)} ·{' '}
                  {t('publicSite.form.nearbyItem', {
                    distance: offer.distanceMeters,
                    date: formatDateTime(offer.createdAt, i18n.language),
                    count: offer.meToo,
                  })}
                </span>
                <button
                  type="button"
                  className="public-button public-button-primary"
                  disabled={meToo.isPending}
                  onClick={() => meToo.mutate(offer.id)}
                >
                  {t('publicSite.form.meToo')}
                </button>
              </li>
            ))}
          </ul>
          <button type="button" className="public-button" onClick={() => setNotSame(true)}>
            {t('publicSite.form.notSame')}
          </button>
        </section>
      )}
      {invalid && <p className="public-error">{invalid}</p>}
      {sendError && <p className="public-error">{sendError}</p>}
      {offers.length === 0 && (
        <button type="submit" className="public-button public-button-primary" disabled={send.isPending}>
          {t(send.isPending ? 'publicSite.form.sending' : 'publicSite.form.send')}
        </button>
      )}
    </form>
  );
}
