import { useTranslation } from 'react-i18next';
import { problemText, type ProblemWording } from '../lib/problem-text';
import { Message } from './message';

/** A failed request's problem as an error notice (lib/problem-text.ts words it); nothing without an error. */
export function ProblemMessage({ error, wording }: { error: unknown; wording?: ProblemWording }) {
  const { t } = useTranslation();
  const text = problemText(error, t, wording);
  return text ? <Message tone="error">{text}</Message> : null;
}
