import { useEffect, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dashboard } from '../../../shared/dashboard/dashboard';

/** How long the big screen shows each rotating page. */
export const ROTATE_MS = 15_000;
/** Units on each side of the 红黑榜. */
const RED_BLACK_SIZE = 3;
/** Rows of a list or table on one rotating page (laid out for 1920 × 1080, scaled to other screens). */
export const BIG_ROWS = 6;

/** A list cut into pages of `size` (none for an empty list). */
export function chunks<T>(items: readonly T[], size: number): T[][] {
  const pages: T[][] = [];
  for (let start = 0; start < items.length; start += size) pages.push(items.slice(start, start + size));
  return pages;
}

/** A page's title, with "1/3" when its list runs over several pages. */
export const pageTitle = (title: string, index: number, count: number) =>
  count > 1 ? `${title} ${index + 1}/${count}` : title;

export interface RotationPage {
  key: string;
  title: string;
  content: ReactNode;
}

/**
 * What does not fit on a meeting-room screen at once (overdue lists, unit ranking, 红黑榜, phases): one page at a
 * time in the space left under the figures, turning every ROTATE_MS; the dots show where it is and turn it by hand.
 */
export function BigRotation({ pages }: { pages: readonly RotationPage[] }) {
  const { t } = useTranslation();
  const [index, setIndex] = useState(0);
  useEffect(() => {
    const timer = window.setInterval(() => setIndex((current) => (current + 1) % pages.length), ROTATE_MS);
    return () => window.clearInterval(timer);
  }, [pages.length, index]);
  const page = pages[index % pages.length]!;
  return (
    <div className="big-rotation" data-testid="big-rotation" data-page={page.key}>
      <div className="big-rotation-dots" role="group" aria-label={t('big.rotation')}>
        {pages.map((candidate, position) => (
          <button
            key={candidate.key}
            type="button"
            className="big-rotation-dot"
            aria-pressed={position === index % pages.length}
            aria-label={candidate.title}
            title={candidate.title}
            onClick={() => setIndex(position)}
          />
        ))}
      </div>
      <div className="big-rotation-page" aria-live="off">
        {page.content}
      </div>
    </div>
  );
}

/** 红黑榜: the lead units with the best and the worst completion rate (units without tasks left out). */
export function RedBlackList({
  units,
  unitName,
  percent,
}: {
  /** Best completion first. */
  units: Dashboard['units'];
  unitName(id: string): string;
  percent(value: number | null): string;
}) {
  const { t } = useTranslation();
  const ranked = units.filter((unit) => unit.completionRate !== null);
  const red = ranked.slice(0, RED_BLACK_SIZE);
  const black = ranked.slice(Math.max(red.length, ranked.length - RED_BLACK_SIZE)).reverse();
  const list = (rows: typeof ranked, tone: 'red' | 'black') => (
    <ol className={`red-black-list is-${tone}`}>
      {rows.map((unit) => (
        <li key={unit.unit} data-unit={unit.unit}>
          <span>{unitName(unit.unit)}</span>
          <span>{t('big.completion', { rate: percent(unit.completionRate) })}</span>
          {unit.overdueZones ? (
            <span className="is-late">{t('big.overdueZones', { count: unit.overdueZones })}</span>
          ) : null}
        </li>
      ))}
    </ol>
  );
  return (
    <section className="dashboard-section red-black" data-testid="red-black">
      <h3>{t('big.redBlack')}</h3>
      <div className="red-black-columns">
        <div>
          <h4>{t('big.redList')}</h4>
          {list(red, 'red')}
        </div>
        <div>
          <h4>{t('big.blackList')}</h4>
          {black.length ? list(black, 'black') : <p className="muted">{t('big.tooFewUnits')}</p>}
        </div>
      </div>
    </section>
  );
}
