#!/usr/bin/env bash
# Nightly regression run on one machine, the same sequence as .github/workflows/nightly.yml:
# every shard of each suite (one after another), merge, compare against baselines/, report.
#
#   scripts/nightly.sh [options] SUITE.yaml...
#   scripts/nightly.sh [options] --all
#   scripts/nightly.sh [options] --from-shards DIR
#   scripts/nightly.sh --list-suites
#
#   --all               every suite file in suites/ (suites/*.yaml), the nightly matrix
#   --list-suites       print the nightly matrix, the names of suites/*.yaml, as a JSON array; run nothing
#   --quick             run each suite's quick overrides (a smoke run, compared with quick baselines)
#   --shards N          shards per suite (default 2)
#   --out DIR           folder of merged run records = the history (default results)
#   --work DIR          folder of shard records and verdicts (default <out>/.nightly)
#   --baselines DIR     folder of baselines (default baselines, or baselines/quick with --quick)
#   --site DIR          report site (default reports)
#   --confirm           rerun suspected cells before calling them regressed
#   --init-baselines    a suite without a baseline gets this run as its baseline
#   --workers N         worker threads per run (passed to 'slimbench run'; absolute throughput is
#                       compared only with a baseline timed with as many workers)
#   --no-cache          recompute every cell (passed to 'slimbench run')
#   --cache-dir DIR     folder of the run cache (passed to 'slimbench run')
#   --from-shards DIR   run nothing: merge the shard records in DIR/<suite>/ (CI ran the shards)
#
# Exit: 0 no regression, 1 a regression, 2 bad input or a step that failed.
# Verdicts: <work>/verdicts/<suite>.{md,json,xml,bench.json,bench.smaller.json}; the markdown
# is also appended to $GITHUB_STEP_SUMMARY when that is set.
set -uo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
CLI="${SLIMBENCH_CLI:-$ROOT/dist/harness/cli/main.js}"
quick=() run_extra=() compare_extra=()
shards=2 out=results work="" baselines="" site=reports init=0 from_shards=""
suites=()
all_suites() { local f; for f in "$ROOT"/suites/*.yaml; do [[ -f "$f" ]] && printf '%s\n' "$f"; done; }

die() { echo "nightly: $*" >&2; exit 2; }
while [[ $# -gt 0 ]]; do
  case "$1" in
    --quick) quick=(--quick) ;;
    --shards) shards="${2:?--shards needs a number}"; shift ;;
    --out) out="${2:?--out needs a folder}"; shift ;;
    --work) work="${2:?--work needs a folder}"; shift ;;
    --baselines) baselines="${2:?--baselines needs a folder}"; shift ;;
    --site) site="${2:?--site needs a folder}"; shift ;;
    --confirm) compare_extra+=(--confirm) ;;
    --init-baselines) init=1 ;;
    --from-shards) from_shards="${2:?--from-shards needs a folder}"; shift ;;
    --all) mapfile -t -O "${#suites[@]}" suites < <(all_suites) ;;
    --list-suites)
      all_suites | node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>console.log(JSON.stringify(s.split("\n").filter(Boolean).map(f=>require("path").basename(f,".yaml")))))'
      exit 0 ;;
    --no-cache) run_extra+=(--no-cache) ;;
    --workers) run_extra+=(--workers "${2:?--workers needs a number}"); shift ;;
    --cache-dir) run_extra+=(--cache-dir "${2:?--cache-dir needs a folder}"); shift ;;
    -h|--help) awk 'NR > 1 && /^#/ { sub(/^# ?/, ""); print; next } NR > 1 { exit }' "$0"; exit 0 ;;
    -*) die "unknown option $1 (see --help)" ;;
    *) suites+=("$1") ;;
  esac
  shift
done
[[ ${#suites[@]} -gt 0 || -n "$from_shards" ]] || die "name at least one suite file, e.g. scripts/nightly.sh --quick suites/quickstart.yaml, or --all"
[[ "$shards" =~ ^[1-9][0-9]*$ ]] || die "--shards $shards: give a whole number >= 1"
work="${work:-$out/.nightly}"
# A quick run is only comparable with a quick baseline (training and cells differ).
baselines="${baselines:-baselines${quick[*]:+/quick}}"
if [[ ! -f "$CLI" ]]; then (cd "$ROOT" && npm run --silent build) || die "build failed"; fi
slimbench() { node "$CLI" "$@"; }
json_field() { node -e 'let s="";process.stdin.on("data",d=>s+=d).on("end",()=>{const v=JSON.parse(s.trim().split("\n").pop())[process.argv[1]];process.stdout.write(Array.isArray(v)?v.join("\n"):String(v))})' "$1"; }

stamp="$(date -u +%Y-%m-%dT%H-%M-%SZ)"
mkdir -p "$work/shards" "$work/verdicts" || die "cannot create $work"
status=0
slugs=()

# Runs every shard of one suite, one after another; prints the shard record paths.
run_shards() {
  local suite="$1" i code rec_json
  for ((i = 1; i <= shards; i++)); do
    echo "-- run $suite --shard $i/$shards" >&2
    rec_json="$(slimbench run "$suite" --shard "$i/$shards" --out "$work/shards" --json "${quick[@]}" "${run_extra[@]}")"
    code=$?
    # 1 (a gate failed) and 3 (some cells failed) still wrote a record; compare judges it.
    if [[ $code -ne 0 && $code -ne 1 && $code -ne 3 ]]; then echo "nightly: $suite shard $i/$shards failed (exit $code)" >&2; return 1; fi
    printf '%s\n' "$rec_json" | json_field records
    echo
  done
}

# Merges one suite's shard records into the history, then compares the merged run with its baseline.
finish() {
  local slug="$1" merged baseline v code
  shift
  merged="$out/$slug/$stamp-nightly.json"
  echo "-- merge $# shard(s) → $merged" >&2
  slimbench merge "$@" --out "$merged" || { echo "nightly: merging $slug failed" >&2; status=2; return; }
  slugs+=("$out/$slug")
  baseline="$baselines/$slug.json"
  if [[ ! -f "$baseline" && $init -eq 1 ]]; then
    echo "-- no baseline: this run becomes $baseline" >&2
    slimbench baseline update "$merged" --dir "$baselines" || { status=2; return; }
  fi
  v="$work/verdicts/$slug"
  if [[ ! -f "$baseline" ]]; then
    printf '### slimbench compare: %s — no baseline\n\nNo %s yet; accept a run with `slimbench baseline update %s`.\n' "$slug" "$baseline" "$merged" > "$v.md"
    echo "nightly: no baseline for $slug ($baseline); compare skipped" >&2
  else
    echo "-- compare against $baseline" >&2
    slimbench compare "$merged" --baseline "$baseline" "${compare_extra[@]}" \
      --format md json junit benchmark-action --output "$v.md" "$v.json" "$v.xml" "$v.bench.json"
    code=$?
    if [[ $code -eq 1 ]]; then
      [[ $status -eq 0 ]] && status=1
    elif [[ $code -ne 0 ]]; then
      echo "nightly: comparing $slug failed (exit $code)" >&2
      status=2
    fi
  fi
  if [[ -n "${GITHUB_STEP_SUMMARY:-}" && -f "$v.md" ]]; then cat "$v.md" >> "$GITHUB_STEP_SUMMARY"; fi
}

if [[ -n "$from_shards" ]]; then
  for dir in "$from_shards"/*/; do
    records=("$dir"*.json)
    [[ -f "${records[0]}" ]] && finish "$(basename "$dir")" "${records[@]}"
  done
else
  for suite in "${suites[@]}"; do
    echo "== $suite" >&2
    mapfile -t records < <(run_shards "$suite" | grep .) && [[ ${#records[@]} -eq $shards ]] || { status=2; continue; }
    finish "$(basename "$(dirname "${records[0]}")")" "${records[@]}"
  done
fi

if [[ ${#slugs[@]} -gt 0 ]]; then
  echo "-- report → $site" >&2
  # Every stored run of these suites, not only tonight's: the history.
  slimbench report "${slugs[@]}" --out "$site" || status=2
  mkdir -p "$site/compare" && cp "$work"/verdicts/* "$site/compare/" 2>/dev/null
fi
echo "nightly: exit $status (0 no regression, 1 regression, 2 a step failed)" >&2
exit "$status"
