/** Fonts are bundled as wrangler Data modules (rules in wrangler.jsonc): their bytes. */
declare module '*.ttf' {
  const bytes: ArrayBuffer;
  export default bytes;
}
