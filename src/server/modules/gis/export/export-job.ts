import type { CampaignResponse } from '../../../../shared/campaign/campaign';
import { registerKind } from '../../../../shared/registers/kinds';
import type { RegisterFeature } from '../../../../shared/registers/register';
import type { ZoneFeature } from '../../../../shared/zones/zone';
import { exportRegister, exportZones, type GisExportFormat } from './formats';
import { unpackRows } from './off-thread';

/** The worker's half of the GIS exports (off-thread.ts): the same writers as in the request's thread. */
export function writeZonesFile(input: {
  format: GisExportFormat;
  /** The zones, as `packRows` packed them. */
  zones: readonly Uint8Array[];
  campaign: CampaignResponse;
  modified: Date;
}): Buffer {
  return exportZones(input.format, unpackRows<ZoneFeature>(input.zones), input.campaign, input.modified);
}

export function writeRegisterFile(input: {
  format: GisExportFormat;
  /** The register's slug (its kind holds functions, which do not cross to a worker). */
  kind: string;
  /** The objects, as `packRows` packed them. */
  features: readonly Uint8Array[];
  campaign: CampaignResponse;
  modified: Date;
}): Buffer {
  const kind = registerKind(input.kind);
  if (!kind) throw new Error(`No register ${input.kind}`);
  return exportRegister(
    input.format,
    kind,
    unpackRows<RegisterFeature>(input.features),
    input.campaign,
    input.modified,
  );
}
