// @vitest-environment jsdom
import { afterEach, describe, expect, it, vi } from 'vitest';
import { cleanup, fireEvent, render, screen } from '@testing-library/react';
import { I18nextProvider } from 'react-i18next';
import type { DrawTool } from '../../../map/draw-tool';
import { initI18n, loadMoreTexts } from '../../../lib/i18n';
import { DrawToolbar, GeometryToolbar } from './editor-parts';
import { CoordinateEntry } from './coordinate-entry';

// The drawing tool is a lazy chunk. A click before it has loaded used to do nothing at all (a split
// started then drew nothing and saved nothing): its buttons stay disabled until it is there.
async function renderTools(toolReady: boolean) {
  await loadMoreTexts();
  const i18n = initI18n();
  const tool = { current: toolReady ? ({ draw: vi.fn() } as unknown as DrawTool) : null };
  const onSplit = vi.fn();
  render(
    <I18nextProvider i18n={i18n}>
      <DrawToolbar tool={tool} ready={toolReady} snapping onSnapping={vi.fn()} />
      <GeometryToolbar
        busy={false}
        toolReady={toolReady}
        candidates={[]}
        mergeWith=""
        onMergeWith={vi.fn()}
        onSplit={onSplit}
        onHole={vi.fn()}
        onMerge={vi.fn()}
      />
      <CoordinateEntry ready={toolReady} onShape={() => null} />
    </I18nextProvider>,
  );
  return { tool, onSplit };
}

describe('the zone editor tools wait for the drawing tool', () => {
  afterEach(cleanup);

  it('disables drawing, split, hole and typed coordinates until the tool has loaded', async () => {
    const { onSplit } = await renderTools(false);
    const split = screen.getByRole('button', { name: '沿线分割' });
    expect(split).toHaveProperty('disabled', true);
    fireEvent.click(split);
    expect(onSplit).not.toHaveBeenCalled();
    expect(screen.getByRole('button', { name: '挖洞' })).toHaveProperty('disabled', true);
    expect(screen.getByRole('button', { name: '撤销' })).toHaveProperty('disabled', true);
    for (const button of screen.getByRole('toolbar', { name: '绘图工具' }).querySelectorAll('button'))
      expect(button).toHaveProperty('disabled', true);
  });

  it('enables them once it is there, and a click reaches the tool', async () => {
    const { tool, onSplit } = await renderTools(true);
    fireEvent.click(screen.getByRole('button', { name: '沿线分割' }));
    expect(onSplit).toHaveBeenCalledOnce();
    expect(screen.getByRole('button', { name: '挖洞' })).toHaveProperty('disabled', false);
    fireEvent.click(screen.getByRole('button', { name: '多边形' }));
    expect(tool.current!.draw).toHaveBeenCalledWith('polygon');
  });
});
