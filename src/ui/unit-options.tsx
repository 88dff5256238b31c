import { useTranslation } from 'react-i18next';
import { unitsByKind, type Unit } from '../shared/campaign/campaign';
import { localName } from '../lib/i18n';

/**
 * The `<option>`s of a unit choice, grouped 部门 / 社区 / 村 (`<optgroup>`), so 49 units stay findable in a
 * phone's native picker. Every select of units uses it.
 */
export function UnitOptions({ units }: { units: readonly Unit[] }) {
  const { t, i18n } = useTranslation();
  return unitsByKind(units).map((group) => (
    <optgroup key={group.kind} label={t(`unitKinds.${group.kind}`)}>
      {group.units.map((unit) => (
        <option key={unit.id} value={unit.id}>
          {localName(unit, i18n.language)}
        </option>
      ))}
    </optgroup>
  ));
}
