import { afterEach } from 'vitest';

// Component tests render into jsdom; clean up after each so tests stay independent.
afterEach(async () => {
  if (typeof document !== 'undefined') {
    const { cleanup } = await import('@testing-library/react');
    cleanup();
  }
});
