import { useLayoutEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ZoneFeature } from '../../../shared/zones/zone';

/** A row's usual height (px) before it is measured. */
const ROW_ESTIMATE_PX = 68;

/** A long zone list: only the rows in view (and a few around them) are in the page. */
export default function VirtualRows(props: {
  zones: readonly ZoneFeature[];
  row(zone: ZoneFeature): ReactNode;
  selectedId: string | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  const virtualizer = useVirtualizer({
    count: props.zones.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => ROW_ESTIMATE_PX,
    getItemKey: (index) => props.zones[index]!.id,
    overscan: 8,
  });
  // A zone chosen on the map (or opened from a link) is brought into the list's view.
  const selectedIndex = props.selectedId ? props.zones.findIndex((zone) => zone.id === props.selectedId) : -1;
  useLayoutEffect(() => {
    if (selectedIndex < 0) return;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    // And the list's box into the sidebar's view, when the filters push it below the fold.
    scrollRef.current?.scrollIntoView({ block: 'nearest' });
  }, [selectedIndex, virtualizer]);
  return (
    <div ref={scrollRef} className="zone-list-scroll">
      <ul className="zone-list-virtual" style={{ height: virtualizer.getTotalSize() }}>
        {virtualizer.getVirtualItems().map((item) => (
          <li
            key={item.key}
            data-index={item.index}
            ref={virtualizer.measureElement}
            style={{ transform: `translateY(${item.start}px)` }}
          >
            {props.row(props.zones[item.index]!)}
          </li>
        ))}
      </ul>
    </div>
  );
}
