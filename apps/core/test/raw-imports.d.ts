/** Vite `?raw` imports (a file's text), used to load the demo seeds in tests. */
declare module '*.sql?raw' {
  const text: string;
  export default text;
}
declare module '*.jsonc?raw' {
  const text: string;
  export default text;
}
