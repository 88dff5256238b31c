import { describe, expect, it } from 'vitest';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { createLocalPhotoFileStore, newStorageKey } from './photo-files';

describe('the local photo file store', () => {
  it('saves, reads and removes a key, clears stale uploads at start, and reports its folders', async () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'jinxi-photos-'));
    try {
      const store = createLocalPhotoFileStore(dir);
      writeFileSync(path.join(dir, 'uploads', 'left-by-a-killed-server.upload'), 'x');
      const reopened = createLocalPhotoFileStore(dir);
      expect(readdirSync(path.join(dir, 'uploads'))).toEqual([]);
      expect(await store.health()).toBe(true);

      const key = newStorageKey();
      const originalPath = reopened.uploadPath();
      writeFileSync(originalPath, 'original');
      await reopened.save(key, { originalPath, thumb: Buffer.from('t'), display: Buffer.from('d') });
      expect(readdirSync(path.join(dir, 'originals'))).toEqual([key]);
      expect(await reopened.readDerivative(key, 'display')).toEqual(Buffer.from('d'));
      await reopened.remove(key);
      expect(await reopened.readDerivative(key, 'display')).toBeNull();

      // Its folders gone (a disk unmounted): unhealthy, without throwing.
      rmSync(path.join(dir, 'derived'), { recursive: true });
      expect(await reopened.health()).toBe(false);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
