import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import * as z from 'zod/mini';
import { sendJson } from '../../../lib/api';
import type { ProblemCode } from '../../../shared/cases/case';
import { caseKeys } from '../../../data/cases';
import { ProblemMessage } from '../../../ui/problem-message';

const answerSchema = z.object({ code: z.string(), timeLimitHours: z.number() });

/** The office edits the 处置时限 (hours) per code; the next dispatch of a case of that code uses it. */
export function TimeLimits({ codes, onClose }: { codes: readonly ProblemCode[]; onClose(): void }) {
  const { t } = useTranslation();
  const client = useQueryClient();
  const [drafts, setDrafts] = useState<Record<string, string>>({});
  const save = useMutation({
    mutationFn: async ({ code, hours }: { code: string; hours: number }) =>
      (await sendJson('PUT', `/api/case-codes/${code}/time-limit`, { hours }, answerSchema)).data!,
    onSuccess: () => client.invalidateQueries({ queryKey: caseKeys.codes() }),
  });
  return (
    <section className="case-import" aria-label={t('casesPage.limits.title')} data-testid="case-time-limits">
      <h2>{t('casesPage.limits.title')}</h2>
      <table className="cases-table">
        <thead>
          <tr>
            <th scope="col">{t('casesPage.fields.code')}</th>
            <th scope="col">{t('casesPage.limits.hours')}</th>
            <th scope="col" />
          </tr>
        </thead>
        <tbody>
          {codes.map((code) => {
            const draft = drafts[code.code] ?? String(code.timeLimitHours);
            return (
              <tr key={code.code}>
                <td>
                  {code.code} {code.name}
                </td>
                <td>
                  <input
                    type="number"
                    min={0.5}
                    max={8760}
                    step={0.5}
                    aria-label={`${code.code} ${t('casesPage.limits.hours')}`}
                    value={draft}
                    onChange={(event) => setDrafts({ ...drafts, [code.code]: event.target.value })}
                  />
                </td>
                <td>
                  <button
                    type="button"
                    disabled={save.isPending || Number(draft) === code.timeLimitHours || !(Number(draft) > 0)}
                    onClick={() => save.mutate({ code: code.code, hours: Number(draft) })}
                  >
                    {t('casesPage.limits.save')}
                  </button>
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <ProblemMessage error={save.error} wording={{ otherwise: 'detail', fallback: 'casesPage.actionFailed' }} />
      <button type="button" onClick={onClose}>
        {t('casesPage.detail.cancel')}
      </button>
    </section>
  );
}
