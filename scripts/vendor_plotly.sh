#!/usr/bin/env bash
# Refresh the vendored plotly.js partial bundle (cartesian: bar, scatter, box, heatmap, histogram, pie, ...)
# from the npm registry, at the plotly.js version that the pinned plotly.py ships. Run after upgrading plotly.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(.venv/bin/python -c "import plotly, pathlib, re; p = pathlib.Path(plotly.__file__).parent / 'package_data' / 'plotly.min.js'; print(re.search(r'plotly\.js v([0-9.]+)', p.read_text()[:400]).group(1))")
tmp=$(mktemp -d)
(cd "$tmp" && npm pack --silent "plotly.js-cartesian-dist-min@${version}" >/dev/null && tar xzf ./*.tgz)
rm -f ropbook/static/vendor/plotly-cartesian-*.min.js
cp "$tmp/package/plotly-cartesian.min.js" "ropbook/static/vendor/plotly-cartesian-${version}.min.js"
cp "$tmp/package/LICENSE" ropbook/static/vendor/LICENSE-plotly.js
rm -rf "$tmp"
echo "ropbook/static/vendor/plotly-cartesian-${version}.min.js"
