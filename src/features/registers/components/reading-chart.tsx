import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { READING_FIELDS } from '../../../shared/registers/kinds';
import type { RiverReading } from '../../../shared/registers/register';

type Chart = { setOption(option: unknown, replace?: boolean): void; dispose(): void; resize(): void };

/** A river section's readings over time: one small line per indicator, its 黑臭 limit dashed. ECharts loads here. */
export function ReadingChart({ readings }: { readings: readonly RiverReading[] }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement | null>(null);
  const chart = useRef<Chart | null>(null);

  useEffect(() => {
    let disposed = false;
    void Promise.all([
      import('echarts/core'),
      import('echarts/charts'),
      import('echarts/components'),
      import('echarts/renderers'),
    ]).then(([core, charts, components, renderers]) => {
      if (disposed || !host.current) return;
      core.use([
        charts.LineChart,
        components.GridComponent,
        components.TooltipComponent,
        components.LegendComponent,
        components.MarkLineComponent,
        renderers.CanvasRenderer,
      ]);
      chart.current = core.init(host.current, undefined, { renderer: 'canvas' });
      host.current.dataset.ready = 'true';
      draw();
    });
    return () => {
      disposed = true;
      chart.current?.dispose();
      chart.current = null;
    };
    // draw reads the latest readings; the chart is made once.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, []);

  const draw = () => {
    if (!chart.current) return;
    const days = readings.map((reading) => reading.sampledOn.slice(5));
    chart.current.setOption(
      {
        animation: false,
        tooltip: { trigger: 'axis' },
        legend: { top: 0, textStyle: { fontSize: 10 } },
        grid: READING_FIELDS.map((_, index) => ({ left: 36, right: 8, top: 28 + index * 62, height: 44 })),
        xAxis: READING_FIELDS.map((_, index) => ({
          type: 'category',
          gridIndex: index,
          data: days,
          axisLabel: { show: index === READING_FIELDS.length - 1, fontSize: 10 },
        })),
        yAxis: READING_FIELDS.map((field, index) => ({
          type: 'value',
          gridIndex: index,
          scale: true,
          name: field.unit,
          nameTextStyle: { fontSize: 10 },
          axisLabel: { fontSize: 9 },
        })),
        series: READING_FIELDS.map((field, index) => ({
          type: 'line',
          name: t(`registers.readingFields.${field.key}`),
          xAxisIndex: index,
          yAxisIndex: index,
          data: readings.map((reading) => reading.values[field.key] ?? null),
          connectNulls: true,
          markLine: { symbol: 'none', lineStyle: { type: 'dashed', color: '#c62828' }, data: [{ yAxis: field.limit }] },
        })),
      },
      true,
    );
  };
  useEffect(draw);

  return <div ref={host} className="register-chart" role="img" aria-label={t('registers.chart')} />;
}
