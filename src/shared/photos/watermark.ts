import { shanghaiTimestamp } from '../time/dates';

/** What a 水印相机-style watermark says (docs/field.md): when, where, who, for what. */
export interface WatermarkFacts {
  /** The photo's time (EXIF, else the phone's clock, else when it arrived). */
  at: Date;
  /** The village (or, without one, the zone's name). */
  place: string;
  position: { lon: number; lat: number } | null;
  unit: string | null;
  task: string | null;
}

/** The watermark's lines, zh-CN as field staff expect: time in Asia/Shanghai, place with WGS 84 coordinates. */
export function watermarkLines(facts: WatermarkFacts): string[] {
  const coordinates = facts.position ? ` ${facts.position.lon.toFixed(6)}°E ${facts.position.lat.toFixed(6)}°N` : '';
  return [
    `时间 ${shanghaiTimestamp(facts.at, { seconds: true })}`,
    `地点 ${facts.place}${coordinates}`,
    ...(facts.unit ? [`单位 ${facts.unit}`] : []),
    ...(facts.task ? [`任务 ${facts.task}`] : []),
  ].map((line) => line.slice(0, 80));
}
