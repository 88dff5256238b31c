/** exifr's lite build (JPEG and HEIC; TIFF, EXIF and GPS): the phone reads a photo's EXIF with it (prepare-photo.ts). */
declare module 'exifr/dist/lite.esm.mjs' {
  import exifr from 'exifr';
  export default exifr;
}
