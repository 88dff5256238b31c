import { useCallback, useLayoutEffect, useRef, type ReactNode } from 'react';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { ZoneListFeature } from '../../../shared/zones/zone';

/** A row's usual height (px) before the first row is measured. */
const ROW_ESTIMATE_PX = 68;

/** A long zone list: only the rows in view (and a few around them) are in the page. */
export default function VirtualRows(props: {
  zones: readonly ZoneListFeature[];
  row(zone: ZoneListFeature): ReactNode;
  selectedId: string | null;
}) {
  const scrollRef = useRef<HTMLDivElement>(null);
  // The rows are all one height in practice (the font decides it): the first row measured gives the estimate of every
  // other. Each row measured away from the estimate moves every row after it, and the virtualiser then places all of
  // a county's ten thousand rows again: once per row newly in view, which made a filter change allocate and collect
  // garbage for tens of milliseconds (P9).
  const rowHeight = useRef<number | null>(null);
  const { zones } = props;
  // A new key function makes the virtualiser place every row again: one per list, not one per render.
  const getItemKey = useCallback((index: number) => zones[index]!.id, [zones]);
  const virtualizer = useVirtualizer({
    count: zones.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => rowHeight.current ?? ROW_ESTIMATE_PX,
    getItemKey,
    overscan: 8,
  });
  // Until the first row has been measured (once: reading a row's height lays the page out). In whole pixels, as the
  // virtualiser measures the rows.
  useLayoutEffect(() => {
    if (rowHeight.current !== null) return;
    const height = scrollRef.current?.querySelector('li')?.offsetHeight ?? 0;
    if (height <= 0) return;
    rowHeight.current = height;
    if (height !== ROW_ESTIMATE_PX) virtualizer.measure();
  });
  // A zone chosen on the map (or opened from a link) is brought into the list's view.
  const selectedIndex = props.selectedId ? zones.findIndex((zone) => zone.id === props.selectedId) : -1;
  useLayoutEffect(() => {
    if (selectedIndex < 0) return;
    virtualizer.scrollToIndex(selectedIndex, { align: 'auto' });
    // And into the sidebar's view, when what sits above the list pushes it below the fold: also while that settles
    // (the figures and filters arrive just after the first paint), until the user touches the sidebar.
    const box = scrollRef.current;
    const sidebar = box?.parentElement?.parentElement;
    if (!box || !sidebar) return;
    // The row itself once it is drawn (rows measured on arrival move it from where the estimate put it), else the box.
    const bring = () => (box.querySelector('[aria-current="true"]') ?? box).scrollIntoView({ block: 'nearest' });
    bring();
    const resized = new ResizeObserver(bring);
    for (const child of sidebar.children) resized.observe(child);
    if (box.firstElementChild) resized.observe(box.firstElementChild);
    const added = new MutationObserver(() => {
      for (const child of sidebar.children) resized.observe(child);
      bring();
    });
    added.observe(sidebar, { childList: true });
    const USER_EVENTS = ['wheel', 'touchstart', 'pointerdown', 'keydown'] as const;
    const stop = () => {
      resized.disconnect();
      added.disconnect();
      for (const type of USER_EVENTS) sidebar.removeEventListener(type, stop);
    };
    for (const type of USER_EVENTS) sidebar.addEventListener(type, stop, { passive: true });
    return stop;
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
            {props.row(zones[item.index]!)}
          </li>
        ))}
      </ul>
    </div>
  );
}
