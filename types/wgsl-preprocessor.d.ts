declare module 'wgsl-preprocessor/wgsl-preprocessor.js' {
  /** Template tag with #if/#elif/#else/#endif on template values (toji/wgsl-preprocessor). */
  export function wgsl(strings: TemplateStringsArray, ...values: unknown[]): string;
}
