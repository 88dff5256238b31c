import type { ReactNode } from 'react';
import './ui.css';

/** A plain-language notice: loading, empty or error. */
export function Message({ tone = 'info', children }: { tone?: 'info' | 'error'; children: ReactNode }) {
  return (
    <div className={`message message-${tone}`} role={tone === 'error' ? 'alert' : 'status'}>
      {children}
    </div>
  );
}
