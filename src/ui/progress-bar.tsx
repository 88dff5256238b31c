import './ui.css';

/** A horizontal progress bar, value in percent (0–100). */
export function ProgressBar({ value, color, label }: { value: number; color: string; label: string }) {
  const clamped = Math.max(0, Math.min(100, Math.round(value)));
  return (
    <div
      className="progress"
      role="progressbar"
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={clamped}
      aria-label={label}
    >
      <div className="progress-fill" style={{ width: `${clamped}%`, backgroundColor: color }} />
    </div>
  );
}
