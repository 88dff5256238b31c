// @vitest-environment jsdom
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFile } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { DOMParser as XmlDomParser } from '@xmldom/xmldom';
import { kml as kmlToGeoJson } from '@tmcw/togeojson';
import { normalizeGeometry } from './export/geometry';
import { writeKml } from './export/text-formats';
import { EXPORT_FIELDS, type ExportZone, type ZoneRecord } from './export/zone-records';
import { XSS_PAYLOADS } from '../../../testing/xss-payloads';

/**
 * Finding M6: stored text must reach a KML reader's HTML layer (the Google Earth balloon renders
 * `<description>` as HTML) as text, never as markup. Each payload goes into the name, the measures
 * and the village of a zone; the export is read back by real KML readers (xmldom + togeojson, GDAL's
 * LIBKML and KML drivers) and the description is parsed once more as HTML, the way a balloon is.
 */
const PAYLOADS = XSS_PAYLOADS;

const base: Omit<ZoneRecord, 'id' | 'name' | 'measures' | 'village' | 'notes'> = {
  itemCode: 'U1',
  itemName: '提升锦溪镇长效管理水平',
  statusCode: 'in_progress',
  statusName: '推进中',
  leadUnit: '创建办',
  responsibleUnits: '水利站、城管中队',
  plannedStart: '2026-01-01',
  plannedEnd: '2026-12-31',
  progress: 40,
  overdue: false,
};
const zones: ExportZone[] = PAYLOADS.map((payload, index) => ({
  record: {
    ...base,
    id: index + 1,
    name: `区域${payload}`,
    measures: payload,
    village: `村${payload}`,
    notes: payload,
  },
  geometry: normalizeGeometry({ type: 'Point', coordinates: [120.9 + index * 0.001, 31.1] }),
}));
const kml = writeKml(zones, { documentName: '整治区域<b>', statusColors: { in_progress: '#f5a623' } });

const run = promisify(execFile);
let folder: string;
let file: string;
beforeAll(() => {
  folder = mkdtempSync(path.join(tmpdir(), 'jinxi-kml-xss-'));
  file = path.join(folder, 'zones.kml');
  writeFileSync(file, kml);
});
afterAll(() => rmSync(folder, { recursive: true, force: true }));

/** What a balloon shows: the description parsed as HTML. No element may come out of it. */
function asBalloon(description: string) {
  const body = new DOMParser().parseFromString(`<!doctype html><body>${description}</body>`, 'text/html').body;
  return { elements: body.querySelectorAll('*').length, comments: hasComment(body), text: body.textContent };
}
function hasComment(node: Node): boolean {
  return [...node.childNodes].some((child) => child.nodeType === Node.COMMENT_NODE || hasComment(child));
}

/** The description a zone's payload must produce as plain text (what the balloon shows). */
const measuresLine = (payload: string) => `整治措施（一区一策）：${payload}`;

function expectPlainText(description: string, payload: string) {
  // After one XML parse there is no markup left: no `<` opening a tag, comment, CDATA or declaration.
  expect(description).not.toMatch(/<[a-z!/?]/i);
  const balloon = asBalloon(description);
  expect(balloon.elements).toBe(0);
  expect(balloon.comments).toBe(false);
  // …and the original text comes back exactly once HTML-unescaped.
  expect(balloon.text).toContain(measuresLine(payload));
  expect(balloon.text).toContain(`整治区域：区域${payload}`);
  expect(balloon.text).toContain(`村（社区）：村${payload}`);
}

describe('KML export: stored text is plain text to a KML reader (finding M6)', () => {
  it('parses as XML with one Placemark per zone, and every style shows only the escaped description', () => {
    const document = new XmlDomParser().parseFromString(kml.toString('utf8'), 'text/xml');
    expect(document.getElementsByTagName('Placemark')).toHaveLength(PAYLOADS.length);
    const styles = [...Array.from(document.getElementsByTagName('Style'))];
    expect(styles.map((style) => style.getAttribute('id'))).toEqual(['status-in_progress']);
    for (const style of styles) {
      expect(style.getElementsByTagName('BalloonStyle')[0]?.textContent).toBe('$[description]');
    }
    // The document name is XML-escaped only: plain text, exactly as given.
    expect(document.getElementsByTagName('name')[0]?.textContent).toBe('整治区域<b>');
  });

  it.each(PAYLOADS.map((payload, index) => [payload, index]))(
    'xmldom + togeojson: %j is text in the description and exact in name and ExtendedData',
    (payload, index) => {
      const collection = kmlToGeoJson(
        new XmlDomParser().parseFromString(kml.toString('utf8'), 'text/xml') as unknown as Document,
      );
      const properties = collection.features[index as number]!.properties as Record<string, unknown>;
      expectPlainText(properties.description as string, payload as string);
      // Name and ExtendedData are data for GIS software: the stored text, unchanged.
      expect(properties.name).toBe(`区域${payload}`);
      expect(properties.measures).toBe(payload);
      expect(properties.village).toBe(`村${payload}`);
      expect(properties.styleUrl).toBe('#status-in_progress');
    },
  );

  it.each([
    ['LIBKML', {}],
    ['KML', { GDAL_SKIP: 'LIBKML' }],
  ] as const)(
    'GDAL (%s driver) reads the description as escaped text and the name as the stored text',
    async (driver, env) => {
      const { stdout } = await run('ogr2ogr', ['-f', 'GeoJSON', '/vsistdout/', file], {
        env: { ...process.env, CPL_DEBUG: 'OFF', ...env },
        maxBuffer: 16 * 1024 * 1024,
      });
      const features = (JSON.parse(stdout) as { features: { properties: Record<string, unknown> }[] }).features;
      expect(features).toHaveLength(PAYLOADS.length);
      PAYLOADS.forEach((payload, index) => {
        const properties = features[index]!.properties;
        // GDAL's plain KML driver folds line breaks into spaces; LIBKML keeps them (and says `description`).
        const fold = (text: string) => (driver === 'KML' ? text.replace(/\s+/g, ' ') : text);
        expect(properties.Name).toBe(fold(`区域${payload}`));
        const description = (properties.Description ?? properties.description) as string;
        expect(description).not.toMatch(/<[a-z!/?]/i);
        expect(asBalloon(description).elements).toBe(0);
        const text = asBalloon(description).text.replace(/\s+/g, ' ');
        expect(text).toContain(measuresLine(payload).replace(/\s+/g, ' '));
        // LIBKML also reads the ExtendedData: the stored text, unchanged.
        if (driver === 'LIBKML') expect(properties.measures).toBe(payload);
      });
    },
  );

  it('lists every attribute in the description, one per line, in the order of the export fields', () => {
    const collection = kmlToGeoJson(
      new XmlDomParser().parseFromString(kml.toString('utf8'), 'text/xml') as unknown as Document,
    );
    const text = asBalloon(collection.features[0]!.properties!.description as string).text;
    expect(text.split('\n').map((line) => line.split('：')[0])).toEqual(EXPORT_FIELDS.map((field) => field.label));
  });
});
