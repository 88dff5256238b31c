import { useMemo } from 'react';
import type { ZoneFeature } from '../shared/zones/zone';
import { ZoneEditor, type ZoneEditorProps } from '../features/editor/components/zone-editor';
import { snapLines, townOutlineOf } from './editor-inputs';

export type EditorHostProps = Omit<ZoneEditorProps, 'townOutline' | 'snapReferences' | 'otherZones'> & {
  /** Every zone shown on the map (the one edited among them). */
  allZones: readonly ZoneFeature[];
  editingId: string | null;
  basemap: Parameters<typeof townOutlineOf>[0];
};

/** The zone editor with the town outline, the lines to snap to and the zones to merge with, derived here. */
export function EditorHost({ allZones, editingId, basemap, ...props }: EditorHostProps) {
  const otherZones = useMemo(
    () => (editingId ? allZones.filter((zone) => zone.id !== editingId) : allZones),
    [allZones, editingId],
  );
  const townOutline = useMemo(() => townOutlineOf(basemap), [basemap]);
  const snapReferences = useMemo(() => snapLines(allZones, editingId, townOutline), [allZones, editingId, townOutline]);
  return <ZoneEditor {...props} townOutline={townOutline} snapReferences={snapReferences} otherZones={otherZones} />;
}
