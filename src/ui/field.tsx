import type { ReactNode } from 'react';

/** A labelled form control: the label text above, the control (input, select, textarea) below. */
export function Field({ label, children }: { label: string; children: ReactNode }) {
  return (
    <label className="field">
      <span>{label}</span>
      {children}
    </label>
  );
}

/** A new-password input with the same length rules as the server (10–200 characters). */
export function NewPasswordInput(props: { value: string; onChange(value: string): void; name?: string }) {
  return (
    <input
      type="password"
      autoComplete="new-password"
      required
      minLength={10}
      maxLength={200}
      name={props.name}
      value={props.value}
      onChange={(event) => props.onChange(event.target.value)}
    />
  );
}
