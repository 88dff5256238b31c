// @vitest-environment jsdom
import { Suspense, useState } from 'react';
import { afterEach, describe, expect, it } from 'vitest';
import { act, cleanup, fireEvent, render, screen } from '@testing-library/react';
import { preloadable } from './preloadable';

afterEach(cleanup);

/** A part with state of its own: a counter, so that a part mounted anew would show 0 again. */
function Counter({ label }: { label: string }) {
  const [count, setCount] = useState(0);
  return (
    <button type="button" onClick={() => setCount(count + 1)}>
      {label} {count}
    </button>
  );
}

function deferredPart() {
  let resolve!: (module: { default: typeof Counter }) => void;
  const arrived = new Promise<{ default: typeof Counter }>((done) => (resolve = done));
  return { load: () => arrived, arrive: () => resolve({ default: Counter }) };
}

describe('preloadable (a lazily loaded part that can be fetched ahead)', () => {
  it('renders at once, without its loading notice, once its code has been preloaded', async () => {
    const part = deferredPart();
    const Part = preloadable(part.load);
    const started = Part.preload();
    part.arrive();
    await act(() => started);
    render(
      <Suspense fallback={<p>loading</p>}>
        <Part label="tasks" />
      </Suspense>,
    );
    // Synchronously in the first render: no fallback was ever shown.
    expect(screen.queryByText('loading')).toBeNull();
    expect(screen.getByRole('button').textContent).toBe('tasks 0');
  });

  it('suspends like React.lazy before its code has come, and keeps its state once it has', async () => {
    const part = deferredPart();
    const Part = preloadable(part.load);
    const { rerender } = render(
      <Suspense fallback={<p>loading</p>}>
        <Part label="tasks" />
      </Suspense>,
    );
    expect(screen.getByText('loading')).toBeTruthy();
    await act(async () => part.arrive());
    fireEvent.click(await screen.findByRole('button'));
    expect(screen.getByRole('button').textContent).toBe('tasks 1');
    // Rendered again after its code has come: the same instance, not one mounted anew.
    rerender(
      <Suspense fallback={<p>loading</p>}>
        <Part label="my tasks" />
      </Suspense>,
    );
    expect(screen.getByRole('button').textContent).toBe('my tasks 1');
  });
});
