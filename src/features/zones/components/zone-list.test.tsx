// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, renderHook } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import { createCampaignLookup } from '../../../shared/campaign/campaign-lookup';
import { sampleCampaign } from '../../../testing/sample-campaign';
import { squareZone } from '../../../testing/zone-list-features';
import type { MapEngine } from '../../../map/map-engine';
import { initI18n } from '../../../lib/i18n';
import { createZoneHover, type ZoneHover } from '../zone-hover';
import { useZoneMap } from '../use-zone-map';
import { ZONE_ID_PROPERTY, ZONES_SOURCE } from '../zones.layer';
import { ZoneList } from './zone-list';

const lookup = createCampaignLookup(sampleCampaign('2026-06-15'));
// Zones '1', '2' and '3'.
const zones = [0, 1, 2].map((index) => squareZone(index, false));

afterEach(cleanup);

/** The list inside a host that counts its own renders (the map page, in the app). */
function renderList(hover: ZoneHover) {
  const counts = { host: 0 };
  function Host() {
    counts.host += 1;
    return (
      <ZoneList zones={zones} totalCount={3} lookup={lookup} selectedId={null} hover={hover} onSelect={() => {}} />
    );
  }
  const view = render(
    <I18nextProvider i18n={initI18n()}>
      <Host />
    </I18nextProvider>,
  );
  const row = (id: string) => view.container.querySelector<HTMLElement>(`[data-zone-id="${id}"]`)!;
  return { counts, row };
}

describe('hovering a zone', () => {
  it('highlights the row under the pointer without rendering the page around the list again', () => {
    const hover = createZoneHover();
    const { counts, row } = renderList(hover);
    const rendered = counts.host;
    fireEvent.mouseEnter(row('2'));
    expect(hover.get()).toBe('2');
    expect(row('2').classList.contains('is-hovered')).toBe(true);
    fireEvent.mouseLeave(row('2'));
    fireEvent.mouseEnter(row('3'));
    expect(row('2').classList.contains('is-hovered')).toBe(false);
    expect(row('3').classList.contains('is-hovered')).toBe(true);
    fireEvent.mouseLeave(row('3'));
    expect(hover.get()).toBeNull();
    expect(container().querySelectorAll('.is-hovered')).toHaveLength(0);
    expect(counts.host).toBe(rendered);
  });

  it('highlights in the list the zone hovered on the map, and on the map the row hovered in the list', () => {
    const hover = createZoneHover();
    const { row } = renderList(hover);
    const states: [string, string | number, boolean][] = [];
    let mapHover: ((event: { feature: { properties: Record<string, unknown> } | null }) => void) | null = null;
    const engine = {
      setFeatureState: (source: string, id: string | number, state: { hover: boolean }) =>
        states.push([source, id, state.hover]),
      onHover: (_layers: string[], listener: typeof mapHover) => {
        mapHover = listener;
        return () => (mapHover = null);
      },
      onClick: () => () => {},
      setTooltip: () => {},
    } as unknown as MapEngine;
    const list = { type: 'FeatureCollection' as const, features: zones };
    const hook = renderHook(() => useZoneMap({ engine, zones: list, hover, onSelect: () => {} }));

    // The pointer over a zone on the map: its row is highlighted.
    act(() => mapHover!({ feature: { properties: { [ZONE_ID_PROPERTY]: '1', name: '区域 1' } } }));
    expect(row('1').classList.contains('is-hovered')).toBe(true);
    expect(states).toEqual([[ZONES_SOURCE, '1', true]]);
    // Over a row of the list: the map highlights its zone, and the one before is no longer.
    fireEvent.mouseEnter(row('3'));
    expect(states.slice(1)).toEqual([
      [ZONES_SOURCE, '1', false],
      [ZONES_SOURCE, '3', true],
    ]);
    expect(row('1').classList.contains('is-hovered')).toBe(false);
    // Off the map's zones: nothing is highlighted.
    act(() => mapHover!({ feature: null }));
    expect(states.at(-1)).toEqual([ZONES_SOURCE, '3', false]);
    expect(container().querySelectorAll('.is-hovered')).toHaveLength(0);
    // Once the map page has gone, a hover no longer reaches the map.
    hook.unmount();
    const count = states.length;
    fireEvent.mouseEnter(row('2'));
    expect(states).toHaveLength(count);
  });
});

const container = () => document.body;
