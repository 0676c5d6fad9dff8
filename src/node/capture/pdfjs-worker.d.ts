// pdf.js's worker module has no type declarations; pdf.ts only hands it to pdf.js as globalThis.pdfjsWorker.
declare module 'pdfjs-dist/legacy/build/pdf.worker.mjs';
