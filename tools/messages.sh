#!/usr/bin/env bash
# The Turkish catalogues. `tools/messages.sh` refreshes every package's .po from the code and
# compiles the .mo files (both are committed, so a new checkout serves Turkish with no extra
# step); `tools/messages.sh --check` (run by `make lint`) fails on an untranslated or fuzzy entry,
# a catalogue msgfmt refuses, or a .mo that does not match its .po.
#
# Catalogues live beside the code: broadsheet/<package>/locale/tr/LC_MESSAGES/django.po (and
# djangojs.po for a package's scripts); broadsheet/locale/ holds the project's own templates.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-$PWD/.venv/bin/python}
LANGS=(tr)

refresh() {
  local dir=$1 ignore=()
  if [ "$dir" = broadsheet ]; then
    # The project level: its templates, scripts and settings, not the packages (they have
    # their own). templates/, static/ and locale/ are not packages: they stay in.
    for sub in broadsheet/*/__init__.py; do ignore+=(--ignore "$(basename "$(dirname "$sub")")"); done
  fi
  for lang in "${LANGS[@]}"; do
    (cd "$dir" && DJANGO_SETTINGS_MODULE=broadsheet.settings "$PYTHON" -P -m django makemessages \
      -l "$lang" -d django --no-location --no-obsolete "${ignore[@]}" >/dev/null)
    if [ -n "$(find "$dir" -path "$dir/locale" -prune -o -name '*.js' -print -quit)" ]; then
      (cd "$dir" && DJANGO_SETTINGS_MODULE=broadsheet.settings "$PYTHON" -P -m django makemessages \
        -l "$lang" -d djangojs --no-location --no-obsolete "${ignore[@]}" >/dev/null)
    fi
  done
}

# makemessages writes gettext's template header and a creation date that changes every run:
# keep one stable header, so a refresh changes a catalogue only where its messages changed.
tidy_header() {
  local po=$1 lang=$2 today
  today=$(date -u '+%Y-%m-%d %H:%M+0000')
  sed -i -e '/^# SOME DESCRIPTIVE TITLE/,/^#$/d' -e '1,/^msgid ""/{/^#, fuzzy$/d}' \
    -e '/^"POT-Creation-Date: /d' -e '/^"Report-Msgid-Bugs-To: /d' \
    -e "s/^\"PO-Revision-Date: \(YEAR.*\)\?\\\\n\"$/\"PO-Revision-Date: $today\\\\n\"/" \
    -e 's/^"Project-Id-Version: .*"$/"Project-Id-Version: Broadsheet\\n"/' \
    -e 's/^"Last-Translator: .*"$/"Last-Translator: Broadsheet newsroom\\n"/' \
    -e "s/^\"Language-Team: .*\"$/\"Language-Team: $lang\\\\n\"/" \
    -e "s/^\"Language: .*\"$/\"Language: $lang\\\\n\"/" "$po"
  grep -q '^# Broadsheet' "$po" || sed -i '1i # Broadsheet: messages for this package, translated by hand.' "$po"
}

# Every Django package has a catalogue (screening is a library free of Django: it returns codes
# that moderation renders). broadsheet/ itself holds the project's templates.
catalogue_dirs() {
  echo broadsheet
  for app in broadsheet/*/apps.py; do
    dir=$(dirname "$app")
    [ "$dir" = broadsheet/screening ] || echo "$dir"
  done
}

if [ "${1:-}" != --check ]; then
  for dir in $(catalogue_dirs); do mkdir -p "$dir/locale"; refresh "$dir"; done
  for po in $(find broadsheet -path '*/locale/*/LC_MESSAGES/*.po'); do
    lang=${po#*/locale/}; tidy_header "$po" "${lang%%/*}"
  done
fi

status=0
tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
for po in $(find broadsheet -path '*/locale/*/LC_MESSAGES/*.po' | sort); do
  mo=${po%.po}.mo
  if ! stats=$(msgfmt --check --statistics -o "$tmp" "$po" 2>&1); then
    echo "$po: msgfmt refused it:"; echo "$stats"; status=1; continue
  fi
  echo "$po: $stats"
  case "$stats" in
    *untranslated*|*fuzzy*) echo "$po: every entry must be translated and none fuzzy"; status=1 ;;
  esac
  if [ "${1:-}" = --check ]; then
    cmp -s "$tmp" "$mo" || { echo "$mo is not compiled from $po: run tools/messages.sh"; status=1; }
  else
    cp "$tmp" "$mo"
  fi
done
exit $status
