import './ui.css';

/** A small pill in a status colour; the colour comes from the campaign configuration. */
export function StatusBadge({ label, color, title }: { label: string; color: string; title?: string }) {
  return (
    <span className="status-badge" style={{ backgroundColor: color }} title={title}>
      {label}
    </span>
  );
}

/** A red flag for overdue work (超期). */
export function OverdueFlag({ label }: { label: string }) {
  return (
    <span className="overdue-flag" role="note">
      {label}
    </span>
  );
}
