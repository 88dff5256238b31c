import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Sensor } from '../../../shared/flood/sensors';
import { formatStamp } from '../../../lib/stamp';
import { useSensorReadings } from '../../../data/flood-season';
import { Message } from '../../../ui/message';
import { SEASON_COLORS } from './season.layer';

type Chart = { setOption(option: unknown, replace?: boolean): void; dispose(): void; resize(): void };

/** A station's last three days: water level (line, with 警戒/保证水位 marked) or hourly rain (bars). ECharts loads here. */
export function StationChart({ sensor }: { sensor: Sensor }) {
  const { t } = useTranslation();
  const readings = useSensorReadings(sensor.id, 3);
  const host = useRef<HTMLDivElement | null>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    let disposed = false;
    let observer: ResizeObserver | null = null;
    void Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]).then(([core, charts, components, renderers]) => {
      if (disposed || !host.current) return;
      core.use([
        charts.LineChart,
        charts.BarChart,
        components.GridComponent,
        components.TooltipComponent,
        components.MarkLineComponent,
        renderers.CanvasRenderer,
      ]);
      const instance = core.init(host.current, undefined, { renderer: 'canvas' });
      chart.current = instance;
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(host.current);
      host.current.dataset.ready = 'true';
      draw();
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
    // draw reads the latest readings through the ref; the chart is made once per station.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [sensor.id]);

  const draw = () => {
    if (!chart.current || !readings.data) return;
    const element = sensor.kind === 'rain' ? 'rainfall' : 'water_level';
    const points = readings.data
      .filter((reading) => reading.element === element)
      .map((reading) => [formatStamp(reading.observedAt), reading.value]);
    const marks = [
      sensor.warningLevelM === null ? null : { yAxis: sensor.warningLevelM, name: t('floodSeason.warningLevel') },
      sensor.guaranteeLevelM === null ? null : { yAxis: sensor.guaranteeLevelM, name: t('floodSeason.guaranteeLevel') },
    ].filter((mark) => mark !== null);
    chart.current.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis' },
        grid: { left: 8, right: 8, top: 16, bottom: 8, containLabel: true },
        xAxis: { type: 'category', data: points.map((point) => point[0]), axisLabel: { fontSize: 10 } },
        yAxis: { type: 'value', scale: element === 'water_level', name: element === 'rainfall' ? 'mm' : 'm' },
        series: [
          {
            type: element === 'rainfall' ? 'bar' : 'line',
            data: points.map((point) => point[1]),
            showSymbol: false,
            itemStyle: { color: SEASON_COLORS.station.normal },
            ...(element === 'water_level' && marks.length
              ? {
                  markLine: {
                    symbol: 'none',
                    lineStyle: { color: SEASON_COLORS.station.over, type: 'dashed' },
                    data: marks,
                  },
                }
              : {}),
          },
        ],
      },
      true,
    );
  };
  useEffect(draw);

  return (
    <div className="station-chart-wrap">
      {readings.isError ? <Message tone="error">{t('common.loadFailed')}</Message> : null}
      <div
        ref={host}
        className="station-chart"
        role="img"
        aria-label={t('floodSeason.chartLabel', { name: sensor.name })}
        data-testid="station-chart"
      />
    </div>
  );
}
