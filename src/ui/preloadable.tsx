import { lazy, type ComponentProps, type ComponentType } from 'react';

/**
 * `React.lazy` whose code can be fetched before it renders (`preload`), and which renders at once, without
 * suspending, once it has come. A plain lazy component suspends on its first render even when its code has arrived,
 * and React then holds the content back for at least 300 ms after the loading notice it showed.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- any component, as React.lazy takes
export function preloadable<T extends ComponentType<any>>(load: () => Promise<{ default: T }>) {
  let loaded: T | undefined;
  let loading: Promise<{ default: T }> | undefined;
  const preload = () =>
    (loading ??= load().then((module) => {
      loaded = module.default;
      return module;
    }));
  // React's lazy waits on the same promise, after `loaded` is set: once it has come, every render (the retry of a
  // suspended one included) shows the component itself, so the lazy element never commits and nothing remounts.
  const Lazy = lazy(preload);
  function Preloadable(props: ComponentProps<T>) {
    const Shown = (loaded ?? Lazy) as ComponentType<ComponentProps<T>>;
    return <Shown {...props} />;
  }
  return Object.assign(Preloadable, { preload });
}
