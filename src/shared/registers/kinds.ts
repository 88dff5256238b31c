/**
 * The registers (台账) of the things the town's plan names, in one place: each kind's slug, names (i18n keys and the
 * Chinese name for files), geometry, owning unit (a unit id of data/campaign.json), the campaign item it serves,
 * and its attribute fields (type, unit, required, choices). The server's validation, the client's form and popup,
 * and the GIS export's columns all read this list (docs/gis.md "Registers").
 */

export type RegisterFieldType = 'text' | 'integer' | 'number' | 'date' | 'choice' | 'boolean';
/** The geometry a kind's objects have: a point, a line or an area (Multi* of the same family is accepted). */
export type RegisterGeometryType = 'Point' | 'LineString' | 'Polygon';

export interface RegisterField {
  key: string;
  type: RegisterFieldType;
  /** Chinese label (export descriptions, KML); the client shows `registers.fields.<key>`. */
  label: string;
  /** The unit of a number, as printed after it (m, 个, mg/L). */
  unit?: string;
  required?: boolean;
  /** The codes a `choice` takes; the client shows `registers.choices.<key>.<code>`, files the Chinese name. */
  choices?: Readonly<Record<string, string>>;
  /** The Shapefile's DBF column: at most 10 ASCII characters. */
  dbf: string;
}

export interface RegisterKind {
  /** The URL and collection name (`/api/registers/<slug>`). */
  slug: string;
  /** Chinese name (files, OGC collection title); the client shows `registers.kinds.<slug>`. */
  name: string;
  nameEn: string;
  geometry: RegisterGeometryType;
  /** The unit that keeps this register (writes: this unit, planners and the campaign office). */
  ownerUnit: string;
  /** The campaign item the register serves. */
  item: string;
  fields: readonly RegisterField[];
}

const text = (key: string, label: string, dbf: string, required = false): RegisterField => ({
  key,
  type: 'text',
  label,
  dbf,
  ...(required ? { required } : {}),
});

/** Every register, in the order the map's legend and the list page show them. */
export const REGISTER_KINDS = [
  {
    slug: 'construction-sites',
    name: '建设工地',
    nameEn: 'Construction sites',
    geometry: 'Polygon',
    ownerUnit: 'jianguansuo',
    item: 'R5',
    fields: [
      text('permitNumber', '施工许可证号', 'permit', true),
      {
        key: 'stage',
        type: 'choice',
        label: '施工阶段',
        dbf: 'stage',
        required: true,
        choices: { foundation: '基础施工', structure: '主体施工', finishing: '装饰装修', completed: '竣工' },
      },
      text('builder', '施工单位', 'builder', true),
      { key: 'plannedEnd', type: 'date', label: '计划竣工', dbf: 'plan_end' },
    ],
  },
  {
    slug: 'markets',
    name: '农贸市场',
    nameEn: 'Farmers’ markets',
    geometry: 'Polygon',
    ownerUnit: 'jianguansuo',
    item: 'R6',
    fields: [
      text('operator', '管理单位', 'operator', true),
      { key: 'stalls', type: 'integer', label: '摊位数', unit: '个', dbf: 'stalls' },
      { key: 'licenceShown', type: 'boolean', label: '亮证经营', dbf: 'licence' },
    ],
  },
  {
    slug: 'responsibility-areas',
    name: '镇容环卫责任区',
    nameEn: 'Street responsibility areas',
    geometry: 'Polygon',
    ownerUnit: 'chengguanzhongdui',
    item: 'R6',
    fields: [
      text('holder', '责任人', 'holder', true),
      {
        key: 'scheme',
        type: 'choice',
        label: '责任类型',
        dbf: 'scheme',
        required: true,
        choices: { area: '镇容环卫责任区', frontage: '门前三包' },
      },
      { key: 'agreementSigned', type: 'boolean', label: '已签责任书', dbf: 'signed' },
    ],
  },
  {
    slug: 'outdoor-ads',
    name: '户外广告设施',
    nameEn: 'Outdoor advertising',
    geometry: 'Point',
    ownerUnit: 'chengguanzhongdui',
    item: 'S2',
    fields: [
      text('approvalNumber', '审批编号', 'approval'),
      { key: 'approvalExpires', type: 'date', label: '审批有效期至', dbf: 'expires' },
      { key: 'width', type: 'number', label: '宽', unit: 'm', dbf: 'width' },
      { key: 'height', type: 'number', label: '高', unit: 'm', dbf: 'height' },
      {
        key: 'state',
        type: 'choice',
        label: '状态',
        dbf: 'state',
        required: true,
        choices: { good: '完好', damaged: '破损', vacant: '空置', unapproved: '未经审批' },
      },
    ],
  },
  {
    slug: 'vending-points',
    name: '疏导点',
    nameEn: 'Designated vending points',
    geometry: 'Polygon',
    ownerUnit: 'chengguanzhongdui',
    item: 'S1',
    fields: [
      text('hours', '开放时间', 'hours', true),
      text('contents', '经营内容', 'contents', true),
      text('managingUnit', '管理单位', 'manager', true),
      { key: 'stalls', type: 'integer', label: '摊位数', unit: '个', dbf: 'stalls' },
    ],
  },
  {
    slug: 'old-compounds',
    name: '老旧小区',
    nameEn: 'Old residential compounds',
    geometry: 'Polygon',
    ownerUnit: 'jianguansuo',
    item: 'R2',
    fields: [
      {
        key: 'propertyType',
        type: 'choice',
        label: '物业类型',
        dbf: 'property',
        required: true,
        choices: { professional: '专业化物业', basic: '准物业', selfManaged: '居民自治', none: '无物业' },
      },
      text('cleaning', '保洁安排', 'cleaning', true),
      { key: 'enclosed', type: 'boolean', label: '封闭式小区', dbf: 'enclosed' },
      { key: 'households', type: 'integer', label: '户数', unit: '户', dbf: 'househlds' },
    ],
  },
  {
    slug: 'river-sections',
    name: '河道断面',
    nameEn: 'River sections',
    geometry: 'Point',
    ownerUnit: 'shuilizhan',
    item: 'R3',
    fields: [text('river', '河道名称', 'river', true), text('sectionCode', '断面编号', 'section')],
  },
  {
    slug: 'public-toilets',
    name: '公厕',
    nameEn: 'Public toilets',
    geometry: 'Point',
    ownerUnit: 'huanweisuo',
    item: 'U1',
    fields: [
      {
        key: 'grade',
        type: 'choice',
        label: '类别',
        dbf: 'grade',
        required: true,
        choices: { first: '一类', second: '二类', third: '三类' },
      },
      text('hours', '开放时间', 'hours'),
      { key: 'accessible', type: 'boolean', label: '无障碍设施', dbf: 'access' },
    ],
  },
  {
    slug: 'sanitation-facilities',
    name: '环卫设施',
    nameEn: 'Sanitation facilities',
    geometry: 'Point',
    ownerUnit: 'huanweisuo',
    item: 'U1',
    fields: [
      {
        key: 'facilityType',
        type: 'choice',
        label: '设施类型',
        dbf: 'type',
        required: true,
        choices: { transfer: '垃圾中转站', collection: '垃圾收集点', depot: '环卫工具房', sorting: '分类投放点' },
      },
      { key: 'capacity', type: 'number', label: '日处理能力', unit: 't', dbf: 'capacity' },
    ],
  },
] as const satisfies readonly RegisterKind[];

export type RegisterSlug = (typeof REGISTER_KINDS)[number]['slug'];
export const REGISTER_SLUGS = REGISTER_KINDS.map((kind) => kind.slug) as readonly RegisterSlug[];
/** The kind whose objects carry water-quality readings (`/api/registers/river-sections/:id/readings`). */
export const RIVER_SECTIONS: RegisterSlug = 'river-sections';

const BY_SLUG = new Map<string, RegisterKind>(REGISTER_KINDS.map((kind) => [kind.slug, kind]));

/** The kind of a slug, or null for one that is not a register. */
export function registerKind(slug: string): RegisterKind | null {
  return BY_SLUG.get(slug) ?? null;
}

/**
 * The 黑臭水体 indicators of a river-section reading (城市黑臭水体整治工作指南, 2015): each with its unit and the
 * limit past which the water counts as 黑臭 (轻度). `below`: a value under the limit is 黑臭 (透明度, 溶解氧,
 * 氧化还原电位); otherwise a value over it (氨氮).
 */
export const READING_FIELDS = [
  { key: 'transparency', label: '透明度', unit: 'cm', limit: 25, below: true, min: 0, max: 500 },
  { key: 'dissolvedOxygen', label: '溶解氧', unit: 'mg/L', limit: 2, below: true, min: 0, max: 30 },
  { key: 'redox', label: '氧化还原电位', unit: 'mV', limit: 50, below: true, min: -1000, max: 1000 },
  { key: 'ammonia', label: '氨氮', unit: 'mg/L', limit: 8, below: false, min: 0, max: 100 },
] as const;
export type ReadingKey = (typeof READING_FIELDS)[number]['key'];
export type ReadingValues = Partial<Record<ReadingKey, number>>;

/** The indicators of a reading past their 黑臭 limit (none: not 黑臭 by the values measured). */
export function blackOdorousIndicators(values: ReadingValues): ReadingKey[] {
  return READING_FIELDS.filter((field) => {
    const value = values[field.key];
    if (value === undefined) return false;
    return field.below ? value < field.limit : value > field.limit;
  }).map((field) => field.key);
}
