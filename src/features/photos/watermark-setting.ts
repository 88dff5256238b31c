import { useState } from 'react';

/** Where the 水印 choice is remembered: on this device, per user (docs/field.md). */
const keyOf = (userId: string | null) => `jinxi-watermark:${userId ?? '-'}`;

/** Whether this user's photos get the watermark on their display image; the choice stays on the device. */
export function useWatermarkSetting(userId: string | null): [boolean, (on: boolean) => void] {
  const [on, setOn] = useState(() => globalThis.localStorage?.getItem(keyOf(userId)) === '1');
  const set = (next: boolean) => {
    globalThis.localStorage?.setItem(keyOf(userId), next ? '1' : '0');
    setOn(next);
  };
  return [on, set];
}
