#!/usr/bin/env bash
# Regenerates the README's screenshots, docs/screenshot-1440.png and
# docs/screenshot-390.png, from the current build: the real server
# (web.NewServer over an engine on a temp dir, seeded as on a first start)
# in headless Chromium, the results page for "rare earth" at 1440 px and at
# 390 px (2x). Needs /usr/bin/chromium (apt-get install chromium) or
# NEWSFIND_CHROME; fails, rather than skips, without it.
set -euo pipefail
cd "$(dirname "$0")/.."
CI=true go test ./web -run '^TestScreenshots$' -count=1 -v -update
git status --short docs/screenshot-1440.png docs/screenshot-390.png
