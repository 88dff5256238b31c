import { useTranslation } from 'react-i18next';
import type { SessionUser } from '../../../shared/admin/auth';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { SUPERVISION_LIST_FILTERS, type SupervisionListFilter } from '../../../shared/supervision/supervision';
import { useSupervisionList } from '../../../data/supervision';
import { Message } from '../../../ui/message';
import { ProblemMessage } from '../../../ui/problem-message';
import { SupervisionCard } from './supervision-card';
import '../supervision.css';

export interface SupervisionsPageProps {
  user: SessionUser;
  lookup: CampaignLookup;
  today: string;
  /** The URL's query string: ?status=open|overdue|closed. */
  search: string;
  onSearch(search: string): void;
}

/**
 * 督办 at one place: a unit sees what it must answer and replies; leaders, the office and 纪委 see every 督办 by
 * status (overdue first for their meeting), and the issuer closes or sends back.
 */
export function SupervisionsPage({ user, lookup, today, search, onSearch }: SupervisionsPageProps) {
  const { t } = useTranslation();
  const query = new URLSearchParams(search);
  const wanted = query.get('status');
  const status: SupervisionListFilter =
    wanted && (SUPERVISION_LIST_FILTERS as readonly string[]).includes(wanted)
      ? (wanted as SupervisionListFilter)
      : 'open';
  const mine = user.role === 'unit';
  const list = useSupervisionList(status, mine);
  return (
    <section className="supervisions-page" aria-labelledby="supervisions-title">
      <h2 id="supervisions-title">{t(mine ? 'supervision.pageTitleUnit' : 'supervision.pageTitle')}</h2>
      <div className="segmented" role="group" aria-label={t('supervision.filter')}>
        {SUPERVISION_LIST_FILTERS.map((filter) => (
          <button
            key={filter}
            type="button"
            aria-pressed={filter === status}
            className={filter === status ? 'is-active' : undefined}
            onClick={() => onSearch(`?status=${filter}`)}
          >
            {t(`supervision.filters.${filter}`)}
          </button>
        ))}
      </div>
      {list.isPending ? <Message>{t('common.loading')}</Message> : null}
      <ProblemMessage error={list.error} wording={{ fallback: 'common.loadFailed' }} />
      {list.data && !list.data.length ? <Message>{t('supervision.none')}</Message> : null}
      {list.data?.length ? (
        <ul className="supervision-list">
          {list.data.map((entry) => (
            <SupervisionCard key={entry.id} supervision={entry} user={user} lookup={lookup} today={today} showTarget />
          ))}
        </ul>
      ) : null}
    </section>
  );
}
