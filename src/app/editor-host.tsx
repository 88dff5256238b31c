import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { hasGeometry, type ZoneFeature, type ZoneGeometry, type ZoneListFeature } from '../shared/zones/zone';
import { useZone } from '../data/zones';
import { Message } from '../ui/message';
import { ZoneEditor, type ZoneEditorProps } from '../features/editor/components/zone-editor';
import { snapLines, townOutlineOf, useNeighbourZones } from './editor-inputs';

export type EditorHostProps = Omit<ZoneEditorProps, 'zone' | 'townOutline' | 'snapReferences' | 'otherZones'> & {
  /** Every zone shown on the map (the one edited among them), with or without their geometry (data/zones.ts). */
  allZones: readonly ZoneListFeature[];
  editingId: string | null;
  basemap: Parameters<typeof townOutlineOf>[0];
};

/**
 * The zone editor with the zone, the town outline, the lines to snap to and the zones to merge with, derived here.
 * A town's zone list has every shape; past the P3 limit it has none (P9): the edited zone is read by itself and the
 * neighbours around it with their shapes (editor-inputs.ts useNeighbourZones).
 */
export function EditorHost({ allZones, editingId, basemap, ...props }: EditorHostProps) {
  const { t } = useTranslation();
  const listed = useMemo(
    () => (editingId ? (allZones.find((zone) => zone.id === editingId) ?? null) : null),
    [allZones, editingId],
  );
  const shapeless = listed !== null && !hasGeometry(listed);
  const detail = useZone(shapeless ? listed.id : '', shapeless);
  const zone: ZoneFeature | null = listed && hasGeometry(listed) ? listed : (detail.data ?? null);
  const withShapes = useNeighbourZones(
    allZones,
    zone?.geometry ?? (props.initialGeometry as ZoneGeometry | null) ?? null,
  );
  const otherZones = useMemo(
    () => (editingId ? withShapes.filter((other) => other.id !== editingId) : withShapes),
    [withShapes, editingId],
  );
  const townOutline = useMemo(() => townOutlineOf(basemap), [basemap]);
  const snapReferences = useMemo(
    () => snapLines(withShapes, editingId, townOutline),
    [withShapes, editingId, townOutline],
  );
  if (shapeless && !zone) {
    return (
      <aside className="zone-panel" aria-busy={!detail.isError}>
        {detail.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      </aside>
    );
  }
  return (
    <ZoneEditor
      {...props}
      zone={zone}
      townOutline={townOutline}
      snapReferences={snapReferences}
      otherZones={otherZones}
    />
  );
}
