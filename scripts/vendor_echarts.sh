#!/usr/bin/env bash
# Copies Apache ECharts (the charts of the reports) from its npm package into the reports'
# static files: `make vendor`. The version is pinned here and checked against the
# registry's integrity hash, so the same command always gives the same file; to move to a
# new version, change both lines below and run it again (npm view echarts@X dist.integrity).
set -euo pipefail
VERSION=6.1.0
INTEGRITY=sha512-q0yaFPggC9FUdsWH4blavRWFmxdrIodbkoKNAjJudAI6CA9gNPxHtV2RcZNEepZVlk4yvBYkOkbk6HIVpIyHZA==

cd "$(dirname "$0")/.."
DEST=arrears/reports/static/reports/vendor/echarts
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

(cd "$work" && npm pack --silent "echarts@$VERSION" >/dev/null)
tarball="$work/echarts-$VERSION.tgz"
actual="sha512-$(openssl dgst -sha512 -binary "$tarball" | base64 -w0)"
if [ "$actual" != "$INTEGRITY" ]; then
  echo "echarts-$VERSION.tgz: integrity $actual, expected $INTEGRITY" >&2
  exit 1
fi
tar -xzf "$tarball" -C "$work"
mkdir -p "$DEST"
cp "$work/package/dist/echarts.min.js" "$DEST/echarts.min.js"
cp "$work/package/LICENSE" "$DEST/LICENSE"
cp "$work/package/NOTICE" "$DEST/NOTICE"
echo "$VERSION" > "$DEST/VERSION"
echo "ECharts $VERSION copied to $DEST"
