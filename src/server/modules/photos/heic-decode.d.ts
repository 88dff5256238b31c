/** heic-decode 2 ships no types: the part used here (docs/field.md, HEIC uploads). */
declare module 'heic-decode' {
  export interface DecodedHeic {
    width: number;
    height: number;
    data: Uint8ClampedArray;
  }
  export type HeicDecode = (input: { buffer: ArrayBufferLike | Uint8Array }) => Promise<DecodedHeic>;
  const decode: HeicDecode;
  export default decode;
}
