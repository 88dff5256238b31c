import { describe, expect, it } from 'vitest';
import { DEFAULT_PHOTO_SETTINGS, loadServerConfig, photoSettingsFromEnvironment } from './config';

describe('photo settings from the environment', () => {
  it('defaults to 25 MB, 50 megapixels and 15 m', () => {
    expect(photoSettingsFromEnvironment({})).toEqual({ maxMegabytes: 25, maxMegapixels: 50, pairMaxMeters: 15 });
    expect(loadServerConfig({}).photos).toEqual(DEFAULT_PHOTO_SETTINGS);
  });

  it('reads PHOTO_MAX_MB, PHOTO_MAX_MEGAPIXELS and PHOTO_PAIR_MAX_METERS', () => {
    expect(
      photoSettingsFromEnvironment({ PHOTO_MAX_MB: '10', PHOTO_MAX_MEGAPIXELS: '24.5', PHOTO_PAIR_MAX_METERS: '30' }),
    ).toEqual({ maxMegabytes: 10, maxMegapixels: 24.5, pairMaxMeters: 30 });
  });

  it.each([
    ['PHOTO_MAX_MB', '0'],
    ['PHOTO_MAX_MB', 'lots'],
    ['PHOTO_MAX_MB', '4096'],
    ['PHOTO_MAX_MEGAPIXELS', '-1'],
    ['PHOTO_MAX_MEGAPIXELS', '5000'],
    ['PHOTO_PAIR_MAX_METERS', 'NaN'],
  ])('refuses %s=%s at start-up', (name, value) => {
    expect(() => photoSettingsFromEnvironment({ [name]: value })).toThrow(name);
  });
});
