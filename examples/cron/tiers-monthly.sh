#!/usr/bin/env bash
# Monthly grading for cron: check the export, re-grade the management workbook, plan the
# month's revisits and write the manager's report. Everything is logged; any failure stops the
# run, is printed on stderr (cron mails it) and exits non-zero. Nothing half-done is left:
# each tiers command writes its file whole or not at all.
#
# Usage: tiers-monthly.sh INPUT...        (the month's export: xlsx, csv, ...)
# Needs bash and GNU date (Linux; on macOS install coreutils and put gdate first as date).
#
# Settings (environment):
#   TIERS_BIN    the tiers binary                      [tiers, from PATH]
#   TIERS_DIR    where the workbook, plans, reports and logs go   [the working directory]
#   TIERS_BOOK   the living management workbook        [$TIERS_DIR/management.xlsx]
#   TIERS_AS_OF  grade as of this date                 [the last day of last month]
#   TIERS_CONFIG the scoring rules                     [$TIERS_DIR/tiers.toml if there, else defaults]
#   TIERS_LANG   en or zh: language of what is written [the workbook's, else en]
set -euo pipefail

if [ "$#" -eq 0 ]; then
  echo "usage: $0 INPUT..." >&2
  exit 2
fi

tiers=${TIERS_BIN:-tiers}
dir=${TIERS_DIR:-.}
book=${TIERS_BOOK:-$dir/management.xlsx}
as_of=${TIERS_AS_OF:-$(date -d "$(date +%Y-%m-01) -1 day" +%F)}
if ! as_of=$(date -d "$as_of" +%F 2>/dev/null); then
  echo "tiers-monthly: TIERS_AS_OF=${TIERS_AS_OF:-} is not a date such as 2026-10-31" >&2
  exit 2
fi
# The month to plan: the one after the as-of date's month.
month=$(date -d "$(date -d "$as_of" +%Y-%m-01) +1 month" +%Y-%m)
config=${TIERS_CONFIG:-$dir/tiers.toml}
rules=()
if [ -n "${TIERS_CONFIG:-}" ] || [ -f "$config" ]; then
  rules=(--config "$config")
fi
# Unset, each command keeps the language the workbook is written in.
lang=()
if [ -n "${TIERS_LANG:-}" ]; then
  lang=(--lang "$TIERS_LANG")
fi

mkdir -p "$dir/logs" "$dir/revisits" "$dir/reports"
log="$dir/logs/tiers-$month.log"

# Keep the terminal's stderr for the failure line; everything else goes to the log, which
# gathers every run of the month: this run starts after its first $logged lines.
logged=0
if [ -f "$log" ]; then
  logged=$(wc -l < "$log")
fi
exec 3>&2
exec >>"$log" 2>&1

step() {
  echo "$(date '+%F %T') $*"
}

fail() {
  local code=$? run why
  # The reason, for cron's mail: tiers' last error line, else the last line this run logged.
  run=$(tail -n +"$((logged + 1))" "$log")
  why=$(printf '%s\n' "$run" | grep '^error' | tail -n 1) || true
  [ -n "$why" ] || why=$(printf '%s\n' "$run" | tail -n 1)
  step "FAILED (exit $code)"
  echo "tiers-monthly: failed (exit $code): $why; the log: $log" >&3
  exit "$code"
}

trap fail ERR

step "start: as of $as_of, planning $month, inputs: $*"

step "check the inputs"
"$tiers" check "$@" -o "$book" --as-of "$as_of" ${rules[@]+"${rules[@]}"} ${lang[@]+"${lang[@]}"}

step "grade into $book"
"$tiers" score "$@" -o "$book" --as-of "$as_of" ${rules[@]+"${rules[@]}"} ${lang[@]+"${lang[@]}"}

step "plan the revisits of $month"
"$tiers" revisit "$book" --month "$month" \
  -o "$dir/revisits/revisit-$month.xlsx" --csv "$dir/revisits/revisit-$month.csv" ${lang[@]+"${lang[@]}"}

step "write the report"
"$tiers" report "$book" -o "$dir/reports/report-$month.xlsx" ${lang[@]+"${lang[@]}"}
"$tiers" report "$book" -o "$dir/reports/report-$month.html" --redact ${lang[@]+"${lang[@]}"}

step "done"
