#!/bin/sh
# Checks that every language in po/LINGUAS translates every message of the project.
#
# A fresh template is extracted from po/POTFILES.in into a temporary directory (the
# committed po/gridwall.pot may be stale), with the xgettext arguments of meson's
# i18n.gettext(preset: 'glib'). Then, for each language:
#   - msgcmp: every message of the fresh template has a translation in the .po
#     (untranslated and fuzzy entries of the .po count as missing);
#   - msgfmt --check --statistics: the .po compiles, its format directives match,
#     and it has 0 fuzzy and 0 untranslated messages.
# On failure the missing, untranslated or fuzzy messages are printed.
#
# Usage: check-translations.sh SOURCE_ROOT
set -u

srcdir=${1:?usage: check-translations.sh SOURCE_ROOT}
podir=$srcdir/po
package=gridwall

for tool in xgettext msgcmp msgfmt msgmerge msgattrib; do
  if ! command -v "$tool" >/dev/null 2>&1; then
    echo "$tool is not installed: install the Debian package gettext" >&2
    exit 1
  fi
done

if [ ! -f "$podir/POTFILES.in" ] || [ ! -f "$podir/LINGUAS" ]; then
  echo "no $podir/POTFILES.in or $podir/LINGUAS" >&2
  exit 1
fi

tmp=$(mktemp -d "${TMPDIR:-/tmp}/gridwall-po.XXXXXX") || exit 1
trap 'rm -rf "$tmp"' EXIT HUP INT TERM

# The same command as meson's `gridwall-pot` target (mesonbuild/scripts/gettext.py
# plus the keywords and flags of the glib preset in mesonbuild/modules/i18n.py).
if ! xgettext --package-name=$package -p "$tmp" -f "$podir/POTFILES.in" -D "$srcdir" -k_ \
    -o $package.pot \
    --from-code=UTF-8 --add-comments \
    --keyword=_ --keyword=N_ --keyword=C_:1c,2 --keyword=NC_:1c,2 \
    --keyword=g_dcgettext:2 --keyword=g_dngettext:2,3 --keyword=g_dpgettext2:2c,3 \
    --flag=N_:1:pass-c-format --flag=C_:2:pass-c-format --flag=NC_:2:pass-c-format \
    --flag=g_dngettext:2:pass-c-format --flag=g_strdup_printf:1:c-format \
    --flag=g_string_printf:2:c-format --flag=g_string_append_printf:2:c-format \
    --flag=g_error_new:3:c-format --flag=g_set_error:4:c-format \
    --flag=g_markup_printf_escaped:1:c-format --flag=g_log:3:c-format \
    --flag=g_print:1:c-format --flag=g_printerr:1:c-format --flag=g_printf:1:c-format \
    --flag=g_fprintf:2:c-format --flag=g_sprintf:2:c-format --flag=g_snprintf:3:c-format
then
  echo "xgettext could not extract the messages of $podir/POTFILES.in" >&2
  exit 1
fi
pot=$tmp/$package.pot
if [ ! -s "$pot" ]; then
  echo "xgettext found no message in the files of $podir/POTFILES.in" >&2
  exit 1
fi
total=$(msgattrib --no-obsolete "$pot" | grep -c '^msgid ')
total=$((total - 1))  # the header
echo "template: $total messages"

status=0
languages=$(sed -e 's/#.*//' "$podir/LINGUAS")
if [ -z "$(echo $languages)" ]; then
  echo "$podir/LINGUAS lists no language" >&2
  exit 1
fi

for lang in $languages; do
  po=$podir/$lang.po
  if [ ! -f "$po" ]; then
    echo "FAIL $lang: $po does not exist" >&2
    status=1
    continue
  fi
  failed=0

  # Every message of the template must be translated (msgcmp ignores untranslated and
  # fuzzy entries of the .po unless told otherwise, so those count as missing).
  if ! msgcmp "$po" "$pot" >"$tmp/msgcmp.log" 2>&1; then
    failed=1
    echo "FAIL $lang: messages of the sources that $po does not translate:" >&2
    sed -e "s|$tmp/||" "$tmp/msgcmp.log" >&2
    # Show the messages themselves, as the merged catalogue sees them.
    if msgmerge --quiet --no-fuzzy-matching -o "$tmp/$lang.merged.po" "$po" "$pot" 2>/dev/null; then
      msgattrib --untranslated --no-obsolete --no-wrap "$tmp/$lang.merged.po" \
        | awk 'BEGIN { RS = ""; ORS = "\n\n" } NR > 1' >&2
    fi
  fi

  # Compiles with --check; no fuzzy and no untranslated entries, not even unused ones.
  if ! msgfmt --check --statistics -o /dev/null "$po" >"$tmp/msgfmt.log" 2>&1; then
    failed=1
    echo "FAIL $lang: msgfmt --check rejects $po:" >&2
    cat "$tmp/msgfmt.log" >&2
  else
    stats=$(tail -n 1 "$tmp/msgfmt.log")
    case $stats in
      *fuzzy*|*untranslated*)
        failed=1
        echo "FAIL $lang: $stats" >&2
        msgattrib --only-fuzzy --no-obsolete --no-wrap "$po" \
          | awk 'BEGIN { RS = ""; ORS = "\n\n" } NR > 1' >&2
        msgattrib --untranslated --no-obsolete --no-wrap "$po" \
          | awk 'BEGIN { RS = ""; ORS = "\n\n" } NR > 1' >&2
        ;;
    esac
  fi
  # A fuzzy header is not counted by msgfmt --statistics: look at the flags before the
  # first msgid.
  if sed -n '/^msgid /q;p' "$po" | grep -q '^#,.*fuzzy'; then
    failed=1
    echo "FAIL $lang: the header of $po is marked fuzzy" >&2
  fi

  if [ $failed -eq 0 ]; then
    echo "ok   $lang: $(tail -n 1 "$tmp/msgfmt.log")"
  else
    status=1
  fi
done

exit $status
