import { useState, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { QUARTER_PATTERN, quarterOf, shiftQuarter } from '../../../shared/checks/checks';
import { localName } from '../../../lib/i18n';
import { Message } from '../../../ui/message';
import { StatusBadge } from '../../../ui/status-badge';
import { useQuarterOverview } from '../../../data/checks';
import '../checks.css';
import { formatQuarter } from '../../../lib/format';
import { itemLabel } from '../../../lib/item-label';

/** How many quarters back the picker offers. */
const QUARTERS_OFFERED = 8;

/**
 * The inspector's quarter overview (`/checks?quarter=YYYY-Qn`): the zones checked in the quarter
 * (result, score, day, who, findings) and those still to check, each opening the zone on the map.
 */
export function ChecksPage({
  lookup,
  today,
  onOpenZone,
  search,
  onSearch,
}: {
  lookup: CampaignLookup;
  today: string;
  onOpenZone(zoneId: string): void;
  /** The page's query string (from the app's router) and a way to change it in place. */
  search: string;
  onSearch(next: string): void;
}) {
  const { t, i18n } = useTranslation();
  const language = i18n.language;
  const current = quarterOf(today);
  const [quarter, setQuarter] = useState(() => {
    const asked = new URLSearchParams(search).get('quarter') ?? '';
    return QUARTER_PATTERN.test(asked) ? asked : current;
  });
  const overview = useQuarterOverview(quarter);
  const offered = Array.from({ length: QUARTERS_OFFERED }, (_, index) => shiftQuarter(current, -index));
  if (!offered.includes(quarter)) offered.unshift(quarter);

  const choose = (next: string) => {
    setQuarter(next);
    onSearch(`quarter=${encodeURIComponent(next)}`);
  };
  const zoneLink = (zone: { zoneId: string; zoneName: string; zoneCategory: string }) => {
    const item = lookup.item(zone.zoneCategory);
    return (
      <a
        href={`/?zone=${encodeURIComponent(zone.zoneId)}`}
        className="check-zone-link"
        onClick={(event: MouseEvent) => {
          event.preventDefault();
          onOpenZone(zone.zoneId);
        }}
      >
        <span className="item-code" title={item ? localName(item, language) : undefined}>
          {itemLabel(lookup, zone.zoneCategory, language)}
        </span>{' '}
        {zone.zoneName}
      </a>
    );
  };
  const zoneStatus = (code: string) => {
    const status = lookup.zoneStatus(code);
    return status ? <StatusBadge label={localName(status, language)} color={status.color} /> : null;
  };

  return (
    <main className="checks-page" aria-labelledby="checks-title">
      <h2 id="checks-title">{t('checks.pageTitle')}</h2>
      <label className="field checks-quarter">
        <span>{t('checks.quarter')}</span>
        <select name="quarter" value={quarter} onChange={(event) => choose(event.target.value)}>
          {offered.map((entry) => (
            <option key={entry} value={entry}>
              {formatQuarter(entry, language)}
            </option>
          ))}
        </select>
      </label>
      {overview.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      {overview.isPending ? <Message>{t('common.loading')}</Message> : null}
      {overview.data ? (
        <>
          <p className="muted">
            {t('checks.summary', {
              checked: overview.data.checks.length,
              failed: overview.data.checks.filter((check) => !check.passed).length,
              left: overview.data.unchecked.length,
            })}
          </p>
          <section aria-labelledby="checks-done-title">
            <h3 id="checks-done-title">
              {t('checks.checkedTitle')} <span className="muted">({overview.data.checks.length})</span>
            </h3>
            {overview.data.checks.length ? (
              <ul className="checks-overview-list" data-testid="checks-checked">
                {overview.data.checks.map((check) => (
                  <li
                    key={check.id}
                    className={`check-entry${check.passed ? '' : ' is-failed'}`}
                    data-zone-id={check.zoneId}
                  >
                    <div className="check-head">
                      {zoneLink(check)}
                      <span className={`check-result ${check.passed ? 'is-passed' : 'is-failed'}`}>
                        {check.passed ? t('checks.passed') : t('checks.failed')}
                      </span>
                      <span>{t('checks.scoreValue', { score: check.score })}</span>
                      {zoneStatus(check.zoneStatus)}
                    </div>
                    {check.findings ? <p className="check-findings">{check.findings}</p> : null}
                    <div className="task-meta muted">
                      {t('checks.by', { name: check.checkedByName, date: check.checkedOn })}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('checks.noneChecked')}</p>
            )}
          </section>
          <section aria-labelledby="checks-left-title">
            <h3 id="checks-left-title">
              {t('checks.uncheckedTitle')} <span className="muted">({overview.data.unchecked.length})</span>
            </h3>
            {overview.data.unchecked.length ? (
              <ul className="checks-overview-list" data-testid="checks-unchecked">
                {overview.data.unchecked.map((zone) => (
                  <li key={zone.zoneId} className="check-entry" data-zone-id={zone.zoneId}>
                    <div className="check-head">
                      {zoneLink(zone)}
                      {zoneStatus(zone.zoneStatus)}
                    </div>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="muted">{t('checks.allChecked')}</p>
            )}
          </section>
        </>
      ) : null}
    </main>
  );
}
