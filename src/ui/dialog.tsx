import { useEffect, useRef, type KeyboardEvent, type ReactNode } from 'react';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), [href], [tabindex]:not([tabindex="-1"])';

export interface DialogProps {
  /** The dialog element's class (its look lives in the feature's CSS). */
  className: string;
  /** A backdrop around the dialog that closes it when clicked; none for a full-screen dialog. */
  backdropClassName?: string;
  /** An accessible name: a text, or the id of the element that holds it. */
  label?: string;
  labelledBy?: string;
  describedBy?: string;
  testId?: string;
  /** Escape (wherever the focus is) and a click on the backdrop. */
  onClose(): void;
  /**
   * The browser's Back closes the dialog instead of leaving the page (a full-screen view on a phone): the dialog
   * adds a history entry for itself and takes it away again when it closes otherwise.
   */
  closeOnBack?: boolean;
  children: ReactNode;
}

/**
 * The one modal dialog (docs/architecture.md): aria-modal, focus moved in on open and back on close, Tab kept
 * inside, Escape closes it before anything under it sees the key.
 */
export function Dialog({
  className,
  backdropClassName,
  label,
  labelledBy,
  describedBy,
  testId,
  onClose,
  closeOnBack = false,
  children,
}: DialogProps) {
  const dialog = useRef<HTMLDivElement>(null);
  const close = useRef(onClose);
  close.current = onClose;

  useEffect(() => {
    const previous = document.activeElement instanceof HTMLElement ? document.activeElement : null;
    dialog.current?.focus();
    const onEscape = (event: globalThis.KeyboardEvent) => {
      if (event.key !== 'Escape' || event.defaultPrevented) return;
      event.preventDefault();
      event.stopPropagation();
      close.current();
    };
    window.addEventListener('keydown', onEscape, true);
    return () => {
      window.removeEventListener('keydown', onEscape, true);
      previous?.focus();
    };
  }, []);

  useEffect(() => {
    if (!closeOnBack) return;
    const marker = { dialogEntry: Math.random() };
    let pushed = false;
    const onPop = () => {
      if (window.history.state?.dialogEntry === marker.dialogEntry) return;
      pushed = false;
      close.current();
    };
    // Pushed a moment later, so that a mount undone at once (React's strict mode) leaves no entry behind.
    const timer = window.setTimeout(() => {
      window.history.pushState(marker, '', window.location.href);
      pushed = true;
      window.addEventListener('popstate', onPop);
    });
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('popstate', onPop);
      // Closed by its own buttons or Escape: drop its entry, unless the app has navigated on since.
      if (pushed && window.history.state?.dialogEntry === marker.dialogEntry) window.history.back();
    };
  }, [closeOnBack]);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'Tab' || !dialog.current) return;
    const focusable = [...dialog.current.querySelectorAll<HTMLElement>(FOCUSABLE)];
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    if (!first || !last) return;
    if (event.shiftKey && (document.activeElement === first || document.activeElement === dialog.current)) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  };

  const box = (
    <div
      ref={dialog}
      className={className}
      role="dialog"
      aria-modal="true"
      aria-label={label}
      aria-labelledby={labelledBy}
      aria-describedby={describedBy}
      tabIndex={-1}
      onKeyDown={onKeyDown}
      onClick={backdropClassName ? (event) => event.stopPropagation() : undefined}
      data-testid={testId}
    >
      {children}
    </div>
  );
  return backdropClassName ? (
    <div className={backdropClassName} onClick={() => close.current()}>
      {box}
    </div>
  ) : (
    box
  );
}
