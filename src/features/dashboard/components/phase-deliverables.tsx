import { useTranslation } from 'react-i18next';
import type { PhaseDeliverables } from '../../../shared/campaign/deliverables';
import { localName } from '../../../lib/i18n';

/**
 * Under a phase of the timeline: what the plan says it must produce, by when, and whether it has (完成 n/m, 未完成,
 * 未到期, or 系统未跟踪 where the product keeps no record of it).
 */
export function PhaseDeliverableList({ phase }: { phase: PhaseDeliverables['phases'][number] | undefined }) {
  const { t, i18n } = useTranslation();
  if (!phase?.deliverables.length) return null;
  return (
    <ul className="phase-deliverables" aria-label={t('dashboard.deliverables.title')}>
      {phase.deliverables.map((deliverable) => (
        <li key={deliverable.kind} className={`deliverable is-${deliverable.state}`} data-kind={deliverable.kind}>
          <span className="deliverable-name">{localName(deliverable, i18n.language)}</span>
          <span className="deliverable-state">
            {t(`dashboard.deliverables.state.${deliverable.state}`)}
            {deliverable.of !== null && deliverable.of > 1
              ? ` ${t('dashboard.deliverables.count', { done: deliverable.done, of: deliverable.of })}`
              : ''}
          </span>
          <span className="deliverable-due muted">{t('dashboard.deliverables.due', { date: deliverable.due })}</span>
        </li>
      ))}
    </ul>
  );
}
