import { guardSpreadsheetText } from '../../../../shared/reports/ledger';
import type { ZoneGeometry } from '../../../../shared/zones/zone';
import { COORDINATE_DECIMALS, linesOf, polygonsOf } from './geometry';
import { EXPORT_FIELDS, type ExportField, type ExportRow, type ExportValue } from './zone-records';

/** A coordinate as text: fixed-point (never an exponent), at most 7 decimals, no trailing zeros. */
export function formatCoordinate(value: number): string {
  const text = value.toFixed(COORDINATE_DECIMALS).replace(/\.?0+$/, '');
  return text === '-0' ? '0' : text;
}

/**
 * The zones as a GeoJSON FeatureCollection per RFC 7946: WGS 84 longitude/latitude without a `crs`
 * member, exteriors counter-clockwise, ≤ 7 decimals; the feature id is the zone id.
 */
export function writeGeoJson(zones: readonly ExportRow[]): Buffer {
  const collection = {
    type: 'FeatureCollection',
    features: zones.map((zone) => ({
      type: 'Feature',
      id: zone.record.id,
      geometry: zone.geometry,
      properties: zone.record,
    })),
  };
  return Buffer.from(JSON.stringify(collection), 'utf8');
}

const wktPositions = (positions: readonly (readonly number[])[]) =>
  `(${positions.map(([x, y]) => `${formatCoordinate(x!)} ${formatCoordinate(y!)}`).join(', ')})`;
const wktPolygon = (rings: readonly (readonly (readonly number[])[])[]) => `(${rings.map(wktPositions).join(', ')})`;

/** OGC Well-Known Text of a zone geometry (2-D, as written). */
export function toWkt(geometry: ZoneGeometry): string {
  switch (geometry.type) {
    case 'Point':
      return `POINT ${wktPositions([geometry.coordinates])}`;
    case 'LineString':
      return `LINESTRING ${wktPositions(geometry.coordinates)}`;
    case 'MultiLineString':
      return `MULTILINESTRING (${linesOf(geometry).map(wktPositions).join(', ')})`;
    case 'Polygon':
      return `POLYGON ${wktPolygon(geometry.coordinates)}`;
    case 'MultiPolygon':
      return `MULTIPOLYGON (${polygonsOf(geometry).map(wktPolygon).join(', ')})`;
  }
}

/** A CSV field (RFC 4180): texts formula-guarded (R10), quoted when they hold a quote, comma, CR or LF. */
function csvField(value: ExportValue | undefined, guard: boolean): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  const text = guard ? guardSpreadsheetText(value) : value;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * The zones as CSV: UTF-8 with a byte-order mark, CRLF, a header line, the geometry as WKT in the
 * first column (WGS 84 longitude/latitude) and the attributes of `fields` (EXPORT_FIELDS by default). A text starting
 * with = + - @, a tab or CR gets a leading apostrophe so a spreadsheet never runs it as a formula.
 */
export function writeCsv(zones: readonly ExportRow[], fields: readonly ExportField[] = EXPORT_FIELDS): Buffer {
  const lines = [['WKT', ...fields.map((field) => field.key)].join(',')];
  for (const zone of zones) {
    const cells = [csvField(toWkt(zone.geometry), false)];
    for (const field of fields) cells.push(csvField(zone.record[field.key], true));
    lines.push(cells.join(','));
  }
  return Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8')]);
}

// C0 controls but tab, LF and CR; U+FFFE and U+FFFF; surrogates without their pair.
const XML_FORBIDDEN =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000b\u000c\u000e-\u001f\ufffe\uffff]|[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/g;

/**
 * Text for XML character data or a quoted attribute: the five special characters escaped and the
 * characters XML 1.0 forbids (C0 controls but tab, LF, CR; lone surrogates; U+FFFE/U+FFFF) dropped.
 */
export function escapeXml(text: string): string {
  return text
    .replace(XML_FORBIDDEN, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&apos;');
}

/**
 * Plain text for an HTML layer: `&`, `<` and `>` as character references, so no text can open an
 * element, a comment or an entity. Quotes stay: outside a tag they are only text. A KML
 * `<description>` is HTML to Google Earth (a web view renders the balloon), so user text goes
 * through this before `escapeXml`: one XML parse gives back `&lt;img…`, which the balloon shows as
 * the characters `<img…` instead of running it (finding M6).
 */
export function escapeHtmlText(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}

/** An XML element with escaped text content (the only way the KML writer puts text in). */
const element = (name: string, text: string) => `<${name}>${escapeXml(text)}</${name}>`;

const kmlCoordinates = (positions: readonly (readonly number[])[]) =>
  element('coordinates', positions.map(([x, y]) => `${formatCoordinate(x!)},${formatCoordinate(y!)}`).join(' '));
const kmlPolygon = (rings: readonly (readonly (readonly number[])[])[]) =>
  `<Polygon>${rings
    .map((ring, index) =>
      index === 0
        ? `<outerBoundaryIs><LinearRing>${kmlCoordinates(ring)}</LinearRing></outerBoundaryIs>`
        : `<innerBoundaryIs><LinearRing>${kmlCoordinates(ring)}</LinearRing></innerBoundaryIs>`,
    )
    .join('')}</Polygon>`;

function kmlGeometry(geometry: ZoneGeometry): string {
  switch (geometry.type) {
    case 'Point':
      return `<Point>${kmlCoordinates([geometry.coordinates])}</Point>`;
    case 'LineString':
      return `<LineString>${kmlCoordinates(geometry.coordinates)}</LineString>`;
    case 'MultiLineString':
      return `<MultiGeometry>${linesOf(geometry)
        .map((line) => `<LineString>${kmlCoordinates(line)}</LineString>`)
        .join('')}</MultiGeometry>`;
    case 'Polygon':
      return kmlPolygon(geometry.coordinates);
    case 'MultiPolygon':
      return `<MultiGeometry>${polygonsOf(geometry).map(kmlPolygon).join('')}</MultiGeometry>`;
  }
}

/** KML colour aabbggrr from #rrggbb and an opacity 0–255. */
function kmlColor(hex: string, alpha: number): string {
  const [r, g, b] = [1, 3, 5].map((start) => hex.slice(start, start + 2).toLowerCase());
  return `${alpha.toString(16).padStart(2, '0')}${b}${g}${r}`;
}

const recordText = (value: ExportValue | undefined) =>
  value === null || value === undefined ? '' : typeof value === 'boolean' ? (value ? 'true' : 'false') : String(value);

/**
 * The zones as KML 2.2: one Placemark per zone with its name, a plain-text description (the
 * Chinese labels and values, HTML-escaped: see `escapeHtmlText`), every attribute as ExtendedData
 * and a style per status. Every text goes through `escapeXml`. `<name>` is plain text to KML
 * readers, and ExtendedData values stay the exact stored text for GIS software; each style's
 * BalloonStyle shows only the escaped description, so no reader's balloon template puts a raw
 * name or value into HTML.
 */
export function writeKml(
  zones: readonly ExportRow[],
  options: {
    documentName: string;
    statusColors: Readonly<Record<string, string>>;
    /** The columns (EXPORT_FIELDS by default) and the Placemark id prefix ("zone"). */
    fields?: readonly ExportField[];
    idPrefix?: string;
  },
): Buffer {
  const fields = options.fields ?? EXPORT_FIELDS;
  const styles = Object.entries(options.statusColors).map(
    ([code, color]) =>
      `<Style id="${escapeXml(`status-${code}`)}">` +
      (/^#[0-9a-f]{6}$/i.test(color)
        ? `<LineStyle>${element('color', kmlColor(color, 255))}<width>3</width></LineStyle>` +
          `<PolyStyle>${element('color', kmlColor(color, 0x80))}</PolyStyle>` +
          `<IconStyle>${element('color', kmlColor(color, 255))}</IconStyle>`
        : '') +
      `<BalloonStyle>${element('text', '$[description]')}</BalloonStyle></Style>`,
  );
  const placemarks = zones.map((zone) => {
    // Every attribute, the name too: the balloon shows the description only.
    const description = fields
      .filter((field) => (zone.record[field.key] ?? null) !== null)
      .map((field) => `${field.label}：${escapeHtmlText(recordText(zone.record[field.key]))}`)
      .join('\n');
    // The name is the Placemark's own <name>; the other attributes are ExtendedData.
    const data = fields
      .filter((field) => field.key !== 'name')
      .map(
        (field) =>
          `<Data name="${escapeXml(field.key)}">${element('value', recordText(zone.record[field.key]))}</Data>`,
      )
      .join('');
    return (
      `<Placemark id="${escapeXml(`${options.idPrefix ?? 'zone'}-${zone.record.id}`)}">${element('name', zone.record.name)}` +
      `${element('description', description)}` +
      (zone.record.statusCode ? element('styleUrl', `#status-${String(zone.record.statusCode)}`) : '') +
      `<ExtendedData>${data}</ExtendedData>${kmlGeometry(zone.geometry)}</Placemark>`
    );
  });
  const kml =
    '<?xml version="1.0" encoding="UTF-8"?>\n<kml xmlns="http://www.opengis.net/kml/2.2"><Document>' +
    `${element('name', options.documentName)}${styles.join('')}<Folder>${element('name', options.documentName)}` +
    `${placemarks.join('\n')}</Folder></Document></kml>\n`;
  return Buffer.from(kml, 'utf8');
}
