import { describe, expect, it } from 'vitest';
import { ledgerSearch } from './ledger-links';
import { zoneQuerySchema } from '../shared/zones/zone';
import { EMPTY_ZONE_FILTER } from '../features/zones/zone-filter';

describe('ledgerSearch', () => {
  it('is empty without filters', () => {
    expect(ledgerSearch(EMPTY_ZONE_FILTER)).toBe('');
  });

  it('writes the map filters under the names GET /api/zones accepts', () => {
    const search = ledgerSearch({
      items: ['R3', 'R4'],
      statuses: ['in_progress'],
      unit: 'shuilizhan',
      q: '  长寿路 ',
      overdueOnly: true,
    });
    const query = Object.fromEntries(new URLSearchParams(search.slice(1)));
    expect(query).toEqual({
      category: 'R3,R4',
      status: 'in_progress',
      unit: 'shuilizhan',
      q: '长寿路',
      overdue: 'true',
    });
    expect(zoneQuerySchema.safeParse(query).success).toBe(true);
  });
});
