import { useTranslation } from 'react-i18next';
import type { RegisterField, RegisterKind } from '../../../shared/registers/kinds';
import type { RegisterFeature } from '../../../shared/registers/register';
import { useCampaign } from '../../../data/campaign';
import { localName } from '../../../lib/i18n';
import { formatDateTime } from '../../../lib/format';

/** An attribute value in plain words: a choice's name, yes/no, a number with its unit. */
export function useAttributeText() {
  const { t, i18n } = useTranslation();
  return (field: RegisterField, value: string | number | boolean | undefined): string => {
    if (value === undefined) return '—';
    if (field.type === 'boolean') return t(value ? 'registers.yes' : 'registers.no');
    if (field.type === 'choice') return t(`registers.choices.${field.key}.${String(value)}`);
    if (typeof value === 'number') return `${value.toLocaleString(i18n.language)}${field.unit ? ` ${field.unit}` : ''}`;
    return String(value);
  };
}

/** An object's attributes, owner and last change, as a definition list (popup, list page). */
export function AttributeList({
  kind,
  feature,
  today,
}: {
  kind: RegisterKind;
  feature: RegisterFeature;
  today: string;
}) {
  const { t, i18n } = useTranslation();
  const text = useAttributeText();
  const campaign = useCampaign();
  const unit = campaign.data?.units.find((each) => each.id === feature.properties.ownerUnit);
  const attributes = feature.properties.attributes;
  const expired =
    typeof attributes.approvalExpires === 'string' && attributes.approvalExpires < today ? (
      <span className="register-flag">{t('registers.expired')}</span>
    ) : null;
  return (
    <dl className="register-attributes">
      {kind.fields.map((field) => (
        <div key={field.key}>
          <dt>{t(`registers.fields.${field.key}`)}</dt>
          <dd>
            {text(field, attributes[field.key])}
            {field.key === 'approvalExpires' ? expired : null}
          </dd>
        </div>
      ))}
      <div>
        <dt>{t('registers.owner')}</dt>
        <dd>{unit ? localName(unit, i18n.language) : '—'}</dd>
      </div>
      <div>
        <dt>{t('registers.updated')}</dt>
        <dd>{formatDateTime(feature.properties.updatedAt, i18n.language)}</dd>
      </div>
    </dl>
  );
}
