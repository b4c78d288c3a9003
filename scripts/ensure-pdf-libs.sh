#!/usr/bin/env bash
# WeasyPrint (the printable dossier) needs Pango, HarfBuzz's subsetter and fonts with Vietnamese glyphs.
# Installs them when we are root and have apt-get; otherwise says what to install. Never fails.
set -uo pipefail

pkgs=(libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core fonts-noto-core)
command -v dpkg-query >/dev/null 2>&1 || exit 0
missing=()
for pkg in "${pkgs[@]}"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q 'install ok installed' || missing+=("$pkg")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
    echo "installing the libraries of the PDF dossier: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq && apt-get install -y -qq "${missing[@]}" >/dev/null
else
    echo "The printable dossier (PDF) needs: sudo apt-get install ${missing[*]}" >&2
fi
exit 0
