#!/usr/bin/env bash
# The HTML report benchmark: the page of a 1,000-repository sweep, its size, and how long headless Chromium
# takes to load and paint it. Printed as Markdown for BENCHMARKS.md. Usage: bash bench/html.sh [REPOS]
# Two measures, each the median of 5 runs:
# - paint: wall time of `chromium --headless --screenshot` on the report, minus the same on a one-line page
#   (the browser's own start-up);
# - load: `performance.now()` at the page's load event (parsing, style, the page's script), read back with
#   `--dump-dom` from a copy of the page that records it.
set -euo pipefail
cd "$(dirname "$0")/.."
repos=${1:-1000}
[ -x /usr/bin/chromium ] || { apt-get update -qq && apt-get install -y -qq chromium >/dev/null; }
cargo build --release --quiet
out=target/bench
mkdir -p "$out"
tree="$out/html-tree-$repos"
[ -d "$tree" ] || python3 bench/gen_tree.py --repos "$repos" --files-per-repo 5 "$tree" >/dev/null
page="$PWD/$out/html-$repos.html"
(cd "$out" && ../release/mcptrust scan "html-tree-$repos" --isolated --exit-zero --format html -o "$page" 2>&1 | tail -1)
echo '<!DOCTYPE html><title>blank</title><p>blank' >"$out/blank.html"
sed 's|</body></html>|<script>addEventListener("load",function(){document.body.setAttribute("data-load-ms",String(Math.round(performance.now())))})</script></body></html>|' \
  "$page" >"$out/html-$repos-timed.html"
chrome() { chromium --headless --no-sandbox --disable-gpu --window-size=1280,2000 "$@" 2>/dev/null; }
median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }
paint() {
  for _ in 1 2 3 4 5; do
    s=$(date +%s%N); chrome --screenshot="$out/shot.png" "file://$1" >/dev/null; e=$(date +%s%N)
    echo $(((e - s) / 1000000))
  done | median
}
blank=$(paint "$PWD/$out/blank.html")
report=$(paint "$page")
load=$(for _ in 1 2 3 4 5; do chrome --dump-dom "file://$PWD/$out/html-$repos-timed.html" \
  | grep -o 'data-load-ms="[0-9]*"' | grep -o '[0-9]*'; done | median)
bytes=$(stat -c %s "$page")
echo
echo "| repos | report size | load event | paint (screenshot minus blank page) | screenshot, report | screenshot, blank page |"
echo "|---:|---:|---:|---:|---:|---:|"
echo "| $repos | $(awk -v b="$bytes" 'BEGIN {printf "%.2f MB", b/1e6}') | $load ms | $((report - blank)) ms | $report ms | $blank ms |"
