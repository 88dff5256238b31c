import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useDuty, useSetDuty } from '../../../data/flood-season';
import { problemText } from '../../../lib/problem-text';
import { Message } from '../../../ui/message';

type Person = { name: string; phone: string; role: string };

/** 值班表 of one day, edited by the water station and the office (staff only): people, phone numbers, roles. */
export function DutyEditor({ today, onClose }: { today: string; onClose(): void }) {
  const { t } = useTranslation();
  const [date, setDate] = useState(today);
  const duty = useDuty(date, true);
  const save = useSetDuty();
  const [people, setPeople] = useState<Person[]>([]);
  useEffect(() => {
    if (duty.data) setPeople(duty.data.people.map(({ name, phone, role }) => ({ name, phone, role })));
  }, [duty.data]);
  const set = (index: number, patch: Partial<Person>) =>
    setPeople(people.map((person, at) => (at === index ? { ...person, ...patch } : person)));
  const error = problemText(save.error, t, { otherwise: { invalid: 'floodDuty.invalid', fields: 'message' } });

  return (
    <form
      className="season-section duty-editor"
      data-testid="duty-editor"
      onSubmit={(submit) => {
        submit.preventDefault();
        save.mutate({ date, people: people.filter((person) => person.name.trim() || person.phone.trim()) });
      }}
    >
      <h3>
        {t('floodDuty.title')}
        <button type="button" className="link-button" onClick={onClose}>
          {t('floodSeason.close')}
        </button>
      </h3>
      <label>
        {t('floodDuty.date')}
        <input type="date" value={date} required onChange={(change) => setDate(change.target.value)} />
      </label>
      {duty.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      <ol className="duty-people">
        {people.map((person, index) => (
          <li key={index} data-testid="duty-person">
            <label>
              {t('floodDuty.name')}
              <input
                value={person.name}
                maxLength={40}
                onChange={(change) => set(index, { name: change.target.value })}
              />
            </label>
            <label>
              {t('floodDuty.phone')}
              <input
                type="tel"
                inputMode="tel"
                value={person.phone}
                maxLength={20}
                onChange={(change) => set(index, { phone: change.target.value })}
              />
            </label>
            <label>
              {t('floodDuty.role')}
              <input
                value={person.role}
                maxLength={40}
                onChange={(change) => set(index, { role: change.target.value })}
              />
            </label>
            <button type="button" onClick={() => setPeople(people.filter((_, at) => at !== index))}>
              {t('floodDuty.remove')}
            </button>
          </li>
        ))}
      </ol>
      <div className="button-row">
        <button type="button" onClick={() => setPeople([...people, { name: '', phone: '', role: '' }])}>
          {t('floodDuty.add')}
        </button>
        <button type="submit" className="primary-button" disabled={save.isPending || duty.isLoading}>
          {t('floodDuty.save')}
        </button>
      </div>
      {save.isSuccess ? <Message>{t('floodDuty.saved')}</Message> : null}
      {error ? <Message tone="error">{error}</Message> : null}
    </form>
  );
}
