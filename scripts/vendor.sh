#!/usr/bin/env bash
# Vendor the web app's front-end libraries from the npm registry (no CDN at run time): packs the
# pinned versions, copies the minified files and their licences into src/runstrong/web/static/vendor/
# and rewrites static/VENDORED.md with each file's sha256. Run it again after changing a version.
set -euo pipefail
cd "$(dirname "$0")/.."

# Pinned versions: htmx 2 (the 2.x line the templates are written for), uPlot's latest release.
HTMX_VERSION="2.0.11"
UPLOT_VERSION="1.6.32"

static="src/runstrong/web/static"
vendor="$static/vendor"
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

(cd "$tmp" && npm pack --silent "htmx.org@$HTMX_VERSION" "uplot@$UPLOT_VERSION" > /dev/null)
mkdir -p "$tmp/htmx" "$tmp/uplot" "$vendor"
tar -xzf "$tmp/htmx.org-$HTMX_VERSION.tgz" -C "$tmp/htmx"
tar -xzf "$tmp/uplot-$UPLOT_VERSION.tgz" -C "$tmp/uplot"

cp "$tmp/htmx/package/dist/htmx.min.js" "$vendor/htmx.min.js"
cp "$tmp/htmx/package/LICENSE" "$vendor/htmx.LICENSE"
cp "$tmp/uplot/package/dist/uPlot.iife.min.js" "$vendor/uPlot.iife.min.js"
cp "$tmp/uplot/package/dist/uPlot.min.css" "$vendor/uPlot.min.css"
cp "$tmp/uplot/package/LICENSE" "$vendor/uPlot.LICENSE"

licence() { node -p "require('$tmp/$1/package/package.json').license"; }
sha() { sha256sum "$vendor/$1" | cut -d' ' -f1; }
htmx_licence="$(licence htmx)"
uplot_licence="$(licence uplot)"

{
    echo "# Vendored front-end files"
    echo
    echo "Written by scripts/vendor.sh from the npm registry; do not edit by hand. The app serves"
    echo "them from /static/vendor/ (no CDN: the pages work behind a strict CSP, default-src 'self')."
    echo
    echo "| file | package | version | licence | sha256 |"
    echo "|---|---|---|---|---|"
    echo "| vendor/htmx.min.js | htmx.org | $HTMX_VERSION | $htmx_licence | $(sha htmx.min.js) |"
    echo "| vendor/htmx.LICENSE | htmx.org | $HTMX_VERSION | $htmx_licence | $(sha htmx.LICENSE) |"
    for f in uPlot.iife.min.js uPlot.min.css uPlot.LICENSE; do
        echo "| vendor/$f | uplot | $UPLOT_VERSION | $uplot_licence | $(sha "$f") |"
    done
} > "$static/VENDORED.md"
echo "vendored htmx.org $HTMX_VERSION and uplot $UPLOT_VERSION into $vendor"
