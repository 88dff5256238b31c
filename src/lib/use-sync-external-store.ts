// What react-i18next imports from `use-sync-external-store/shim` (a stand-in for React before 18), taken from React
// itself: vite.config.ts points the shim here, so the map page's first JavaScript does not carry it (P1).
export { useSyncExternalStore } from 'react';
