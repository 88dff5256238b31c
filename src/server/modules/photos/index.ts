import type { ModuleOptions, ServerModule } from '../../platform/context';
import type { PhotoSettings } from '../../platform/config';
import { registerPhotoRoutes } from './photos.routes';

export interface PhotosModuleOptions extends ModuleOptions {
  /** Upload limits and the pairing distance of photo evidence (defaults in platform/config.ts). */
  photos?: Partial<PhotoSettings>;
}

/** Photo evidence: uploads, derivatives, placing, deleting. */
export const photosModule: ServerModule<PhotosModuleOptions> = async (app, { context, photos }) => {
  registerPhotoRoutes(app, context, photos);
};

export { seedSamplePhotos } from './sample-photos';
