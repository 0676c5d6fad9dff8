// Bundles the extension, the CLI and the integration-test runner. One entry per artefact so the
// .vsix carries only dist/ (extension, its worker, pdf.js), and the CLI starts without loading the extension's code.
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as esbuild from 'esbuild';

const pkg = JSON.parse(fs.readFileSync(new URL('./package.json', import.meta.url), 'utf8'));
const watch = process.argv.includes('--watch');
const production = process.argv.includes('--production');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  plugins: [asciiOnly()],
};

const builds = [
  // pdf.js stays out of the extension bundle (see src/node/capture/pdfjsBundle.ts): loaded from
  // dist/pdfjs.js when a PDF is added, not parsed at every activation
  // Readability and linkedom likewise (src/node/capture/domBundle.ts), from dist/dom.js when a web
  // page is added
  { ...common, entryPoints: ['src/extension.ts'], outfile: 'dist/extension.js', external: ['vscode'], plugins: [apart(), asciiOnly()] },
  { ...common, entryPoints: ['src/node/capture/pdfjsBundle.ts'], outfile: 'dist/pdfjs.js', sourcemap: false },
  { ...common, entryPoints: ['src/node/capture/domBundle.ts'], outfile: 'dist/dom.js' },
  // the editor's heavy work (anchoring, mentions, sidecar positions) runs in this worker thread,
  // off the extension host's (issue 15): src/extension/worker/workClient.ts starts it
  { ...common, entryPoints: ['src/node/anchorWorker.ts'], outfile: 'dist/anchorWorker.js' },
  {
    ...common,
    // pdf.js apart here too: every CLI start (a merge-driver call, `check`) parsed its 3.4 MB
    // for nothing; `marginalia add` loads dist/pdfjs.js beside it when the source is a PDF. The
    // web-page reader stays inline: a lone dist/cli.js copied into a repository adds web pages
    entryPoints: ['src/cli/main.ts'],
    outfile: 'dist/cli.js',
    plugins: [apart({ dom: false }), asciiOnly()],
    banner: { js: '#!/usr/bin/env node' },
    define: { __VERSION__: JSON.stringify(pkg.version) },
  },
  // issue 15 (h-perf2): the worker threads of `marginalia check` and of the extension's indexing,
  // loaded from dist/ beside the bundle that starts them
  { ...common, entryPoints: ['src/cli/commands/checkWorker.ts'], outfile: 'dist/checkWorker.js' },
  { ...common, entryPoints: ['src/node/indexWorker.ts'], outfile: 'dist/indexWorker.js' },
  {
    ...common,
    // The runner plus one bundle per suite: test/integration/index.ts loads every *.test.js it
    // finds in out/test/integration/, so a new test/integration/<feature>.test.ts needs no
    // registration anywhere. Re-run the build (or restart --watch) after adding a file.
    entryPoints: ['test/integration/index.ts', ...integrationSuites()],
    outbase: 'test/integration',
    outdir: 'out/test/integration',
    external: ['vscode', 'mocha'],
  },
  {
    // the analysis webviews' scripts and stylesheet (issue 13): browser bundles, cytoscape
    // included, loaded by the pages through asWebviewUri from dist/webview/ only
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: false,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['media/webview/ach.ts', 'media/webview/network.ts', 'media/webview/timeline.ts', 'media/webview/analysis.css'],
    outdir: 'dist/webview',
  },
];

/**
 * Every character over U+007F in a bundle written as a `\uXXXX` escape (issue 15). esbuild
 * escapes strings, but not regular-expression literals (sentence ends, curly quotes, the
 * web-page reader's «»), nor the comments it keeps; one such character made V8 hold the whole
 * 2 MB extension bundle as a two-byte string, 4 MB of the host's heap for as long as it runs.
 * An escape means the same character in a regular expression (a surrogate pair too, with or
 * without the u flag), a comment, an identifier or a template's value; a backslash escaping the
 * character itself (`\»`) is dropped, since `\u00BB` is already the escape. Columns after such a
 * character shift by a few places on its line in the source map.
 */
function asciiOnly() {
  return {
    name: 'ascii-only',
    setup(build) {
      build.onEnd((result) => {
        const file = build.initialOptions.outfile;
        if (result.errors.length || !file || !fs.existsSync(file)) return;
        const text = fs.readFileSync(file, 'utf8');
        if (!/[^\x00-\x7f]/.test(text)) return;
        const escaped = text.replace(/(\\*)([^\x00-\x7f])/g, (_, slashes, c) => (slashes.length % 2 ? slashes.slice(1) : slashes) + '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'));
        fs.writeFileSync(file, escaped);
      });
    },
  };
}

/** Resolves the pdf.js (and unless `dom` is false the DOM) bundle module to `./pdfjs.js` (`./dom.js`) beside the output, left for run time. */
function apart({ dom = true } = {}) {
  return {
    name: 'bundles-apart',
    setup(build) {
      build.onResolve({ filter: /\/pdfjsBundle$/ }, () => ({ path: './pdfjs.js', external: true }));
      if (dom) build.onResolve({ filter: /\/domBundle$/ }, () => ({ path: './dom.js', external: true }));
    },
  };
}

function integrationSuites() {
  return fs
    .readdirSync('test/integration', { recursive: true, encoding: 'utf8' })
    .filter((f) => f.endsWith('.test.ts'))
    .map((f) => path.join('test/integration', f));
}

if (watch) {
  for (const b of builds) (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
