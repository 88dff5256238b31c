import type { SampleZone } from '../shared/campaign/sample-data';
import type { BasemapFeature } from '../shared/campaign/sample-data';
import type { Place } from '../shared/geo/basemap';

/** Recursively freeze a fixture so a test that mutates it fails loudly. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const key of Object.keys(value)) deepFreeze((value as Record<string, unknown>)[key]);
    Object.freeze(value);
  }
  return value;
}

/** A frozen square polygon with its south-west corner at lon/lat (degrees), counter-clockwise. */
export const squarePolygon = (
  lon: number,
  lat: number,
  size = 0.002,
): { type: 'Polygon'; coordinates: [number, number][][] } =>
  deepFreeze({
    type: 'Polygon',
    coordinates: [
      [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
      ],
    ],
  });

/** Four zones with known facts (dates relative to the seed day). */
export const FIXTURE_ZONES: readonly SampleZone[] = deepFreeze([
  {
    key: 'river-overdue',
    name: '市河（古镇段）河道整治',
    category: 'R3',
    status: 'in_progress',
    leadUnit: 'shuilizhan',
    responsibleUnits: ['jianguansuo', 'chengguanzhongdui'],
    startOffsetDays: -120,
    endOffsetDays: -5,
    progress: 60,
    measures: '清理河岸垃圾，清淤疏浚。',
    notes: '',
    village: null,
    geometry: {
      type: 'LineString',
      coordinates: [
        [120.9, 31.18],
        [120.905, 31.181],
        [120.91, 31.179],
      ],
    },
    tasks: [
      {
        title: '清理河岸暴露垃圾',
        measures: '',
        assignedUnit: 'shuilizhan',
        dueOffsetDays: -10,
        status: 'done',
        reworkCount: 0,
      },
      {
        title: '河道清淤',
        measures: '',
        assignedUnit: 'shuilizhan',
        dueOffsetDays: 20,
        originalDueOffsetDays: -3,
        status: 'in_progress',
        reworkCount: 1,
      },
    ],
  },
  {
    key: 'flood-task-overdue',
    name: '长寿路低洼易涝片区',
    category: 'R4',
    status: 'in_progress',
    leadUnit: 'shuilizhan',
    responsibleUnits: ['wushuichuligongsi'],
    startOffsetDays: -60,
    endOffsetDays: 60,
    progress: 30,
    measures: '更换雨水箅子。',
    notes: '',
    village: '上下塘社区',
    geometry: squarePolygon(120.92, 31.17),
    tasks: [
      {
        title: '更换破损雨水箅子',
        measures: '',
        assignedUnit: 'wushuichuligongsi',
        dueOffsetDays: -2,
        status: 'not_started',
        reworkCount: 0,
      },
    ],
  },
  {
    key: 'market-accepted',
    name: '锦溪农贸市场',
    category: 'R6',
    status: 'accepted',
    leadUnit: 'jianguansuo',
    responsibleUnits: ['nongmaoshichang'],
    startOffsetDays: -200,
    endOffsetDays: -30,
    progress: 100,
    measures: '规范摊点亮证经营。',
    notes: '',
    village: null,
    geometry: squarePolygon(120.95, 31.2, 0.001),
    tasks: [
      {
        title: '亮证经营',
        measures: '',
        assignedUnit: 'jianguansuo',
        dueOffsetDays: -40,
        status: 'done',
        reworkCount: 0,
      },
    ],
  },
  {
    key: 'ads-point',
    name: '锦溪大道户外广告点 100%_test',
    category: 'S2',
    status: 'not_started',
    leadUnit: 'chengguanzhongdui',
    responsibleUnits: ['xuanchuanban'],
    startOffsetDays: 10,
    endOffsetDays: 90,
    progress: 0,
    measures: '拆除违规户外广告。',
    notes: '',
    village: null,
    geometry: { type: 'Point', coordinates: [120.87, 31.15] },
    tasks: [
      {
        title: '拆除违规广告牌',
        measures: '',
        assignedUnit: 'chengguanzhongdui',
        dueOffsetDays: 30,
        status: 'not_started',
        reworkCount: 0,
      },
    ],
  },
]);

export const FIXTURE_BASEMAP: readonly BasemapFeature[] = deepFreeze([
  {
    type: 'Feature',
    properties: { layer: 'outline', name: '锦溪镇（示意边界）' },
    geometry: squarePolygon(120.84, 31.13, 0.14),
  },
]);

export const FIXTURE_PLACES: readonly Place[] = deepFreeze([
  {
    code2020: '320583109005',
    code2023: '320583401014',
    name: '上下塘社区居委会',
    shortName: '上下塘社区',
    kind: 'community',
    lon: 120.905,
    lat: 31.18,
  },
]);
