// pdf.js and its worker module, in one place so the extension can load them as a separate file
// (dist/pdfjs.js, built by esbuild.mjs) only when a PDF is added: bundled inline they would make
// dist/extension.js six times larger, and VS Code parses all of it at activation. The CLI, one
// self-contained file by design, bundles this module inline.
export * as pdfjs from 'pdfjs-dist/legacy/build/pdf.mjs';
export * as worker from 'pdfjs-dist/legacy/build/pdf.worker.mjs';
