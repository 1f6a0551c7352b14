#!/usr/bin/env bash
# Build-time benchmark: this repo's own site, and a synthetic corpus of N copies of the tutorial
# bundle (default 1,000), each with its own title and date, built by the release binary.
#
#   bench/build-corpus.sh [N]
#
# Prints the median of 5 runs for each (hyperfine is used when installed, for mean ± σ too).
set -euo pipefail
cd "$(dirname "$0")/.."
count=${1:-1000}
cargo build --release --quiet
bin=$PWD/target/release/docsite
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

bundle=content/posts/containerize-ml-model-docker
mkdir -p "$work/corpus/content/posts"
printf 'title: Synthetic corpus\nbase_url: https://example.com/\n' > "$work/corpus/docsite.yaml"
for i in $(seq -w 1 "$count"); do
  dest="$work/corpus/content/posts/post-$i"
  cp -r "$bundle" "$dest"
  day=$(( (10#$i % 28) + 1 ))
  sed -i "s/^title: .*/title: Containerized model number $i/; s/^date_published: .*/date_published: $(printf %02d "$day")\/02\/2021/" "$dest/index.md"
done

median_ms() {
  local times=()
  for _ in 1 2 3 4 5; do
    local start end
    start=$(date +%s%N)
    "$@" > /dev/null 2>&1
    end=$(date +%s%N)
    times+=($(( (end - start) / 1000000 )))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n 3p
}

echo "this repo's site:      $(median_ms "$bin" build --root . --output "$work/out-repo") ms (median of 5)"
echo "corpus of $count pages: $(median_ms "$bin" build --root "$work/corpus") ms (median of 5)"
if command -v hyperfine > /dev/null; then
  hyperfine --warmup 1 --runs 5 "$bin build --root $work/corpus"
fi
