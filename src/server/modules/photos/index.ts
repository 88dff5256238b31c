import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { PhotoSettings } from '../../platform/config';
import { registerPhotoRoutes } from './photos.routes';

// Residents' reports (the public module) take photos with the same streaming, checks and derivatives.
export {
  multipartProblem,
  receivePhotoParts,
  streamUpload,
  takeTextField,
  type PhotoPartsOptions,
  type UploadedFile,
} from './photo-upload';
export { processPhoto } from './photo-processing';
export { createUploadSlots } from './upload-slots';

export interface PhotosModuleOptions extends ModuleOptions {
  /** Upload limits and the pairing distance of photo evidence (defaults in platform/config.ts). */
  photos?: Partial<PhotoSettings>;
}

/** Photo evidence: uploads, derivatives, placing, deleting. */
export const photosModule: ServerModule<PhotosModuleOptions> = async (app, { context, photos }) => {
  registerPhotoRoutes(app, context, photos);
};

type SeedSamplePhotos = typeof import('./sample-photos').seedSamplePhotos;

/**
 * Store the sample photos (sample-photos.ts). That module needs sharp and turf: loaded with it when a data
 * folder is seeded with sample photos, not at every start-up (docs/architecture.md).
 */
export async function seedSamplePhotos(...args: Parameters<SeedSamplePhotos>): ReturnType<SeedSamplePhotos> {
  const { seedSamplePhotos: seed } = await import('./sample-photos');
  return seed(...args);
}
