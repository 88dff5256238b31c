// @vitest-environment jsdom
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, render } from '@testing-library/react';
import { replaceUrl, useRoute } from './router';
import { useUiStateInUrl, type UiAction, type UiState } from './ui-state';

// The map page's state in its address, with the real router (history API) in jsdom: what a filter change renders.

let renders = 0;
let latest: { state: UiState; dispatch(action: UiAction): void } | null = null;

function MapPageState() {
  renders += 1;
  const [state, dispatch] = useUiStateInUrl(useRoute());
  latest = { state, dispatch };
  return null;
}

const page = () => latest!;

afterEach(() => {
  cleanup();
  replaceUrl('/');
});

describe('the map page state in the URL', () => {
  it('writes a filter change to the address and renders once for it, not again for its own write', () => {
    replaceUrl('/?status=accepted');
    render(<MapPageState />);
    expect(page().state.filter.statuses).toEqual(['accepted']);
    const before = renders;
    act(() => page().dispatch({ type: 'toggleStatus', code: 'not_started' }));
    expect(window.location.search).toBe('?status=accepted%2Cnot_started');
    expect(window.history.length).toBe(1);
    expect(renders - before).toBe(1);
    // The next change starts from the address as written.
    act(() => page().dispatch({ type: 'toggleStatus', code: 'accepted' }));
    expect(window.location.search).toBe('?status=not_started');
    expect(renders - before).toBe(2);
    // And back to where it started: the address follows, though the router was not told of the writes between.
    act(() => page().dispatch({ type: 'toggleStatus', code: 'accepted' }));
    act(() => page().dispatch({ type: 'toggleStatus', code: 'not_started' }));
    expect(window.location.search).toBe('?status=accepted');
    expect(window.history.length).toBe(1);
  });

  it('gives a selected zone its own history entry, and back brings the previous selection', async () => {
    replaceUrl('/?status=accepted');
    render(<MapPageState />);
    act(() => page().dispatch({ type: 'toggleStatus', code: 'not_started' }));
    const entries = window.history.length;
    act(() => page().dispatch({ type: 'selectZone', id: '12' }));
    expect(new URLSearchParams(window.location.search).get('zone')).toBe('12');
    expect(window.history.length).toBe(entries + 1);
    await act(async () => {
      const popped = new Promise((resolve) => window.addEventListener('popstate', resolve, { once: true }));
      window.history.back();
      await popped;
    });
    expect(page().state.selectedZoneId).toBeNull();
    expect(page().state.filter.statuses).toEqual(['accepted', 'not_started']);
  });
});
