import { Component, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { Message } from './message';

/**
 * What the page shows when a part of it could not load or draw: a part's script cut off on a weak link, or a page
 * opened before an update asking for a script of the earlier version. Without it React would leave a white page.
 * Reloading fetches the current version; what the field app keeps (its outbox, the offline copies) stays.
 */
export class FailureBoundary extends Component<{ children: ReactNode }, { failed: boolean }> {
  override state = { failed: false };

  static getDerivedStateFromError() {
    return { failed: true };
  }

  override render() {
    return this.state.failed ? <Failed /> : this.props.children;
  }
}

function Failed() {
  const { t } = useTranslation();
  return (
    <Message tone="error">
      <p>{t('common.partFailed')}</p>
      <button type="button" className="primary-button" onClick={() => window.location.reload()}>
        {t('common.reload')}
      </button>
    </Message>
  );
}
