// Readability and linkedom, in one place so the extension loads them as a separate file
// (dist/dom.js, built by esbuild.mjs) only when a web page is added: bundled inline they were
// ~0.8 MB of the 2.1 MB dist/extension.js, which the extension host compiles at every activation.
// The CLI, whose dist/cli.js is copied alone into repositories, keeps them inline.
export { Readability } from '@mozilla/readability';
export { parseHTML } from 'linkedom';
