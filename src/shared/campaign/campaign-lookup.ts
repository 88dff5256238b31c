import type { CampaignItem, CampaignResponse, StatusDefinition, Unit } from './campaign';

export interface CampaignLookup {
  item(code: string): CampaignItem | undefined;
  unit(id: string): Unit | undefined;
  zoneStatus(code: string): StatusDefinition | undefined;
  taskStatus(code: string): StatusDefinition | undefined;
  /** Status code → colour, for map layers and badges. */
  zoneStatusColors: Record<string, string>;
}

/** Index the campaign configuration for lookups by code. */
export function createCampaignLookup(campaign: CampaignResponse): CampaignLookup {
  const items = new Map(campaign.items.map((item) => [item.code, item]));
  const units = new Map(campaign.units.map((unit) => [unit.id, unit]));
  const zoneStatuses = new Map(campaign.zoneStatuses.map((status) => [status.code, status]));
  const taskStatuses = new Map(campaign.taskStatuses.map((status) => [status.code, status]));
  return {
    item: (code) => items.get(code),
    unit: (id) => units.get(id),
    zoneStatus: (code) => zoneStatuses.get(code),
    taskStatus: (code) => taskStatuses.get(code),
    zoneStatusColors: Object.fromEntries(campaign.zoneStatuses.map((status) => [status.code, status.color])),
  };
}
