// Build the book's own plotly.js bundle with esbuild and vendor it into ropbook/static/vendor/.
//   cd scripts/plotly-bundle && npm ci && npm run build
// Output: ropbook/static/vendor/plotly-ropbook-<version>.min.js and LICENSE-plotly.js.
// The version is plotly.js's own (pinned in package.json to the one plotly.py ships; a test checks it).
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { copyFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const version = require('plotly.js/package.json').version;
const vendor = join(here, '..', '..', 'ropbook', 'static', 'vendor');
const outfile = join(vendor, `plotly-ropbook-${version}.min.js`);

// plotly.js asks for maplibre's stylesheet only when a map trace is registered; the book has none,
// so any CSS import becomes an empty module instead of a stray .css file beside the bundle.
const noCss = {
    name: 'no-css',
    setup(b) {
        b.onResolve({ filter: /\.css$/ }, (args) => ({ path: args.path, namespace: 'no-css' }));
        b.onLoad({ filter: /.*/, namespace: 'no-css' }, () => ({ contents: '', loader: 'js' }));
    },
};

for (const name of readdirSync(vendor)) {
    if (/^plotly-.*\.min\.(js|css)$/.test(name)) rmSync(join(vendor, name));
}

await build({
    entryPoints: [join(here, 'entry.js')],
    outfile,
    bundle: true,
    format: 'iife',
    globalName: 'Plotly',
    minify: true,
    legalComments: 'none',
    target: 'es2016',
    define: { global: 'window', 'define.amd': 'false', 'process.env.NODE_DEBUG': 'false' },
    banner: { js: `/*! plotly.js v${version} (ropbook bundle: core, bar; locale no) | MIT License, see LICENSE-plotly.js */` },
    plugins: [noCss],
    logLevel: 'warning',
});
copyFileSync(require.resolve('plotly.js/LICENSE'), join(vendor, 'LICENSE-plotly.js'));
console.log(`${outfile} (${Math.round(statSync(outfile).size / 1024)} KB)`);
