/** Query keys shared by the features that read and write the same data. */
export const zoneKeys = {
  all: ['zones'] as const,
  list: () => [...zoneKeys.all, 'list'] as const,
  detail: (id: string) => [...zoneKeys.all, 'detail', id] as const,
  tasks: (id: string) => [...zoneKeys.all, 'detail', id, 'tasks'] as const,
  history: (id: string) => [...zoneKeys.all, 'detail', id, 'history'] as const,
};
