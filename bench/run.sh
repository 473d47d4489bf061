#!/usr/bin/env bash
# The sweep benchmark: mcptrust against ripgrep (`rg -uu --files`, merely listing the tree, and
# `rg -uu -l mcpServers`, a content search) over the same
# generated trees of 100, 300 and 1000 repositories, plus a one-repository (pre-commit sized) scan, all in one
# run. Prints a Markdown table for BENCHMARKS.md. Usage: bash bench/run.sh [REPOS...]
# BASELINE_BIN=path/to/an/older/mcptrust adds that build to the same runs (a change's cost, same tree, same run).
set -euo pipefail
cd "$(dirname "$0")/.."

need() { command -v "$1" >/dev/null 2>&1; }
if ! need rg || ! need hyperfine || ! [ -x /usr/bin/time ]; then
  apt-get update -qq && apt-get install -y -qq ripgrep hyperfine time >/dev/null
fi
sizes=("${@:-100 300 1000}")
read -r -a sizes <<<"${sizes[*]}"

cargo build --release --quiet
bin="$PWD/target/release/mcptrust"
out=target/bench
mkdir -p "$out"

echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%.0f GiB", $2/1048576}' /proc/meminfo), $(uname -sr)"
echo "mcptrust $("$bin" --version | cut -d' ' -f2), $(rg --version | head -1), hyperfine $(hyperfine --version | cut -d' ' -f2)"
echo
echo "| repos | files | MB | mcptrust | rg -uu --files | rg -uu -l mcpServers | ratio to --files | ratio to -l | files/s | peak RSS |"
echo "|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for n in "${sizes[@]}"; do
  tree="$out/tree-$n"
  [ -d "$tree" ] || python3 bench/gen_tree.py --repos "$n" "$tree"
  files=$(find "$tree" -type f | wc -l)
  bytes=$(du -sb --apparent-size "$tree" | cut -f1)
  baseline=()
  [ -n "${BASELINE_BIN:-}" ] && baseline=("$BASELINE_BIN scan $tree --format json -o /dev/null")
  hyperfine --warmup 1 --runs 5 -i --style none --export-json "$out/sweep-$n.json" 2>/dev/null \
    "$bin scan $tree --format json -o /dev/null" "rg -uu -l mcpServers $tree" "rg -uu --files $tree" \
    "${baseline[@]}" >/dev/null
  /usr/bin/time -f '%M' -o "$out/rss-$n" "$bin" scan "$tree" --exit-zero --format json -o /dev/null >/dev/null 2>&1
  rss_kb=$(tail -1 "$out/rss-$n")
  python3 - "$out/sweep-$n.json" "$n" "$files" "$bytes" "$rss_kb" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
n, files, size, rss = sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
ours, rg, listing = runs[0]["median"], runs[1]["median"], runs[2]["median"]
print(f"| {n} | {files} | {size/1e6:.0f} | {ours*1000:.0f} ms | {listing*1000:.0f} ms | {rg*1000:.0f} ms | {ours/listing:.2f} | {ours/rg:.2f} | {files/ours:,.0f} | {rss/1024:.1f} MB |")
if len(runs) > 3:
    base = runs[3]["median"]
    print(f"|   | baseline build, same run: | | {base*1000:.0f} ms | | | {base/listing:.2f} | {base/rg:.2f} | | |")
PY
done

repo="$out/tree-${sizes[0]}/repo-0001"
hyperfine --warmup 5 --runs 50 -N -i --style none --export-json "$out/one-repo.json" \
  "$bin scan $repo --format json -o /dev/null" "rg -uu -l mcpServers $repo" >/dev/null
python3 - "$out/one-repo.json" <<'PY'
import json, sys
runs = json.load(open(sys.argv[1]))["results"]
ours, rg = runs[0]["median"], runs[1]["median"]
print(f"\none repository (pre-commit sized): mcptrust {ours*1000:.1f} ms, rg {rg*1000:.1f} ms (median of 50)")
PY
