import { useEffect, useReducer, useRef } from 'react';
import type { RouteState } from './router';
import { EMPTY_ZONE_FILTER, type ZoneFilter } from '../features/zones/zone-filter';

/** UI state of the map page: pure, testable without React. */
export interface UiState {
  selectedZoneId: string | null;
  /** A task of the selected zone opened in the panel. */
  selectedTaskId: string | null;
  filter: ZoneFilter;
  /** Phone layout: whether the list/filters drawer is open. */
  drawerOpen: boolean;
  basemapId: string;
  /** Incremented when the map should fly to the selected zone (list click, deep link). */
  focusRequest: number;
  /** The editor: a new zone, the id of the zone being edited, or closed. */
  editing: null | 'new' | string;
  /** An earlier version's geometry shown on the map from the history. */
  preview: unknown | null;
  /** The overview (一张表) beside the map instead of nothing when no zone is open. */
  view: 'map' | 'dashboard';
  /** The day the dashboard and the map show (null: today). */
  asOf: string | null;
  /** Zones behind a dashboard figure, shown alone on the map and in the list. */
  selection: { label: string; ids: string[] } | null;
}

export const OFFLINE_BASEMAP = 'offline';

export type UiAction =
  | { type: 'selectZone'; id: string | null; focus?: boolean; taskId?: string | null }
  | { type: 'selectTask'; id: string | null }
  | { type: 'setFilter'; patch: Partial<ZoneFilter> }
  | { type: 'toggleItem'; code: string }
  | { type: 'setItems'; codes: string[] }
  | { type: 'toggleStatus'; code: string }
  | { type: 'clearFilter' }
  | { type: 'setDrawer'; open: boolean }
  | { type: 'setBasemap'; id: string }
  | { type: 'startEditing'; target: 'new' | string }
  | { type: 'stopEditing'; selectId: string | null }
  | { type: 'preview'; geometry: unknown | null }
  | { type: 'setView'; view: 'map' | 'dashboard' }
  | { type: 'setAsOf'; day: string | null }
  | { type: 'showSelection'; selection: { label: string; ids: string[] } | null };

const toggle = (list: readonly string[], value: string) =>
  list.includes(value) ? list.filter((entry) => entry !== value) : [...list, value];

export function uiReducer(state: UiState, action: UiAction): UiState {
  switch (action.type) {
    case 'selectZone':
      return {
        ...state,
        selectedZoneId: action.id,
        selectedTaskId: action.id ? (action.taskId ?? null) : null,
        drawerOpen: action.id ? false : state.drawerOpen,
        focusRequest: action.focus && action.id ? state.focusRequest + 1 : state.focusRequest,
      };
    case 'selectTask':
      return { ...state, selectedTaskId: state.selectedZoneId ? action.id : null };
    case 'setFilter':
      return { ...state, filter: { ...state.filter, ...action.patch } };
    case 'toggleItem':
      return { ...state, filter: { ...state.filter, items: toggle(state.filter.items, action.code) } };
    case 'setItems':
      return { ...state, filter: { ...state.filter, items: action.codes } };
    case 'toggleStatus':
      return { ...state, filter: { ...state.filter, statuses: toggle(state.filter.statuses, action.code) } };
    case 'clearFilter':
      return { ...state, filter: EMPTY_ZONE_FILTER };
    case 'setDrawer':
      return { ...state, drawerOpen: action.open };
    case 'setBasemap':
      return { ...state, basemapId: action.id };
    case 'startEditing':
      return { ...state, editing: action.target, drawerOpen: false, preview: null };
    case 'stopEditing':
      return { ...state, editing: null, selectedZoneId: action.selectId, selectedTaskId: null, preview: null };
    case 'preview':
      return { ...state, preview: action.geometry };
    case 'setView':
      // The overview takes the place of the phone's list drawer (it would stay open over it).
      return {
        ...state,
        view: action.view,
        selection: action.view === 'map' ? null : state.selection,
        drawerOpen: action.view === 'dashboard' ? false : state.drawerOpen,
      };
    case 'setAsOf':
      return { ...state, asOf: action.day };
    case 'showSelection':
      return {
        ...state,
        selection: action.selection,
        selectedZoneId: action.selection ? null : state.selectedZoneId,
        selectedTaskId: action.selection ? null : state.selectedTaskId,
      };
  }
}

const listParam = (value: string | null) => (value ? value.split(',').filter(Boolean) : []);

/** Read the state a link carries: the selected zone and the filters. */
export function stateFromSearch(search: string): UiState {
  const params = new URLSearchParams(search);
  const zone = params.get('zone');
  const task = params.get('task');
  const selectedZoneId = zone && /^\d{1,12}$/.test(zone) ? zone : null;
  return {
    selectedZoneId,
    selectedTaskId: selectedZoneId && task && /^\d{1,12}$/.test(task) ? task : null,
    filter: {
      items: listParam(params.get('items')),
      statuses: listParam(params.get('status')),
      unit: params.get('unit') || null,
      q: params.get('q') ?? '',
      overdueOnly: params.get('overdue') === '1',
    },
    drawerOpen: false,
    basemapId: params.get('basemap') ?? OFFLINE_BASEMAP,
    focusRequest: zone ? 1 : 0,
    editing: null,
    preview: null,
    view: params.get('view') === 'dashboard' ? 'dashboard' : 'map',
    asOf: /^\d{4}-\d{2}-\d{2}$/.test(params.get('asof') ?? '') ? params.get('asof') : null,
    selection: null,
  };
}

/** Write the linkable part of the state back as a query string (without the leading "?"). */
export function searchFromState(state: UiState): string {
  const params = new URLSearchParams();
  if (state.selectedZoneId) params.set('zone', state.selectedZoneId);
  if (state.selectedZoneId && state.selectedTaskId) params.set('task', state.selectedTaskId);
  if (state.filter.items.length) params.set('items', state.filter.items.join(','));
  if (state.filter.statuses.length) params.set('status', state.filter.statuses.join(','));
  if (state.filter.unit) params.set('unit', state.filter.unit);
  if (state.filter.q.trim()) params.set('q', state.filter.q.trim());
  if (state.filter.overdueOnly) params.set('overdue', '1');
  if (state.basemapId !== OFFLINE_BASEMAP) params.set('basemap', state.basemapId);
  if (state.view === 'dashboard') params.set('view', 'dashboard');
  if (state.view === 'dashboard' && state.asOf) params.set('asof', state.asOf);
  return params.toString();
}

/**
 * The map page's state, kept in its URL so a link opens the same view: read from the router on mount, written
 * back on every change (a new history entry when the selection changes), and back and forward move the selection.
 */
export function useUiStateInUrl({ search: routeSearch, setSearch }: Pick<RouteState, 'search' | 'setSearch'>) {
  // The address's query string as this page last read or wrote it: its own filter writes are quiet (the router's
  // `search` does not follow them), so it keeps count itself.
  const urlSearch = useRef(routeSearch);
  const [state, dispatch] = useReducer(uiReducer, undefined, () => stateFromSearch(routeSearch));
  // The URL holds the selection and filters, so a link opens the same view (the router is its one source).
  useEffect(() => {
    const search = searchFromState(state);
    const current = urlSearch.current;
    if (search === current) return;
    const previous = new URLSearchParams(current);
    const selectionChanged =
      previous.get('zone') !== state.selectedZoneId || previous.get('task') !== state.selectedTaskId;
    // Written from the state this page already shows: nothing needs to render again for it.
    setSearch(search, selectionChanged ? { push: true } : { quiet: true });
    urlSearch.current = search;
  }, [state, setSearch]);
  // Back and forward: the selection follows the URL.
  const stateRef = useRef(state);
  stateRef.current = state;
  const followedSearch = useRef(routeSearch);
  useEffect(() => {
    if (routeSearch === followedSearch.current) return;
    followedSearch.current = routeSearch;
    urlSearch.current = routeSearch;
    if (routeSearch === searchFromState(stateRef.current)) return;
    const next = stateFromSearch(routeSearch);
    dispatch({ type: 'selectZone', id: next.selectedZoneId, taskId: next.selectedTaskId, focus: true });
  }, [routeSearch]);
  return [state, dispatch] as const;
}
