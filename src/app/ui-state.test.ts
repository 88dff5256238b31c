import { describe, expect, it } from 'vitest';
import { searchFromState, stateFromSearch, uiReducer } from './ui-state';

describe('UI state', () => {
  it('round-trips the selection and filters through the URL', () => {
    const state = stateFromSearch(
      '?zone=12&items=R3,R4&status=accepted&unit=shuilizhan&q=%E5%B8%82%E6%B2%B3&overdue=1',
    );
    expect(state.selectedZoneId).toBe('12');
    expect(state.focusRequest).toBe(1);
    expect(state.filter).toEqual({
      items: ['R3', 'R4'],
      statuses: ['accepted'],
      unit: 'shuilizhan',
      q: '市河',
      overdueOnly: true,
    });
    expect(stateFromSearch(`?${searchFromState(state)}`)).toEqual(state);
  });

  it('ignores a malformed zone id in a link', () => {
    expect(stateFromSearch('?zone=<script>').selectedZoneId).toBeNull();
  });

  it('selecting from the list asks the map to focus and closes the phone drawer', () => {
    let state = stateFromSearch('');
    state = uiReducer(state, { type: 'setDrawer', open: true });
    state = uiReducer(state, { type: 'selectZone', id: '5', focus: true });
    expect(state).toMatchObject({ selectedZoneId: '5', drawerOpen: false, focusRequest: 1 });
    // A click on the map selects without flying.
    state = uiReducer(state, { type: 'selectZone', id: '6' });
    expect(state.focusRequest).toBe(1);
  });

  it('opening the overview closes the phone drawer', () => {
    let state = uiReducer(stateFromSearch(''), { type: 'setDrawer', open: true });
    state = uiReducer(state, { type: 'setView', view: 'dashboard' });
    expect(state).toMatchObject({ view: 'dashboard', drawerOpen: false });
  });

  it('toggles items and statuses and clears filters', () => {
    let state = stateFromSearch('');
    state = uiReducer(state, { type: 'toggleItem', code: 'R3' });
    state = uiReducer(state, { type: 'toggleItem', code: 'R4' });
    state = uiReducer(state, { type: 'toggleItem', code: 'R3' });
    state = uiReducer(state, { type: 'toggleStatus', code: 'accepted' });
    expect(state.filter.items).toEqual(['R4']);
    expect(state.filter.statuses).toEqual(['accepted']);
    expect(uiReducer(state, { type: 'clearFilter' }).filter).toEqual(stateFromSearch('').filter);
  });
});
