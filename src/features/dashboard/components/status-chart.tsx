import { useEffect, useRef } from 'react';
import type { CampaignLookup } from '../../../shared/campaign/campaign-lookup';
import type { Dashboard } from '../../../shared/dashboard/dashboard';
import { ZONE_STATUSES } from '../../../shared/zones/zone';
import { localName } from '../../../lib/i18n';
import { itemLabel } from '../../../lib/item-label';

/**
 * Zones by status for each item, as a stacked bar chart (Apache ECharts, tree-shaken: bar chart,
 * grid, tooltip, legend and the canvas renderer only; loaded with the dashboard).
 */
export function StatusChart({
  dashboard,
  lookup,
  language,
  dark = false,
  label,
  onItem,
}: {
  dashboard: Dashboard;
  lookup: CampaignLookup;
  language: string;
  dark?: boolean;
  label: string;
  onItem(code: string): void;
}) {
  const host = useRef<HTMLDivElement | null>(null);
  const onItemRef = useRef(onItem);
  onItemRef.current = onItem;
  const chart = useRef<{ setOption(option: unknown, replace?: boolean): void; dispose(): void; resize(): void } | null>(
    null,
  );

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
        charts.BarChart,
        components.GridComponent,
        components.TooltipComponent,
        components.LegendComponent,
        renderers.CanvasRenderer,
      ]);
      const instance = core.init(host.current, dark ? 'dark' : undefined, { renderer: 'canvas' });
      instance.on('click', (event) => {
        const code = (event.name ?? '').split(' ')[0];
        if (code) onItemRef.current(code);
      });
      chart.current = instance;
      observer = new ResizeObserver(() => instance.resize());
      observer.observe(host.current);
      host.current.dataset.ready = 'true';
    });
    return () => {
      disposed = true;
      observer?.disconnect();
      chart.current?.dispose();
      chart.current = null;
    };
  }, [dark]);

  useEffect(() => {
    const apply = () => {
      if (!chart.current) return false;
      const items = dashboard.byItem.filter((item) => item.zones > 0);
      chart.current.setOption(
        {
          backgroundColor: 'transparent',
          animation: false,
          tooltip: { trigger: 'axis', axisPointer: { type: 'shadow' } },
          legend: { bottom: 0, textStyle: { fontSize: dark ? 16 : 11 } },
          grid: { left: 8, right: 8, top: 8, bottom: 40, containLabel: true },
          xAxis: { type: 'value', minInterval: 1 },
          yAxis: {
            type: 'category',
            inverse: true,
            data: items.map((item) => itemLabel(lookup, item.code, language)),
            axisLabel: { fontSize: dark ? 16 : 11 },
          },
          series: ZONE_STATUSES.map((status) => {
            const definition = lookup.zoneStatus(status);
            return {
              type: 'bar',
              stack: 'zones',
              name: definition ? localName(definition, language) : status,
              itemStyle: { color: definition?.color },
              data: items.map((item) => item.counts[status] ?? 0),
            };
          }),
        },
        true,
      );
      return true;
    };
    if (apply()) return;
    const timer = window.setInterval(() => {
      if (apply()) window.clearInterval(timer);
    }, 50);
    return () => window.clearInterval(timer);
  }, [dashboard, lookup, language, dark]);

  return <div ref={host} className="status-chart" role="img" aria-label={label} data-testid="status-chart" />;
}
