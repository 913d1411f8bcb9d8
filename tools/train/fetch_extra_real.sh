#!/bin/sh
# Fetches the Debian packages that the extra real images of tools/train/extra-real/*.csv come from, at
# the versions the lists were made from, and unpacks them (dpkg -x: nothing is installed) under
# .train/debian/root, the default --extra-root of make_pack.py and compare_features.py.
# Usage: tools/train/fetch_extra_real.sh [LIST.csv ...]   (default: every list in tools/train/extra-real/)
set -eu
DEST=.train/debian
[ "$#" -gt 0 ] || set -- tools/train/extra-real/*.csv
mkdir -p "$DEST/debs" "$DEST/root"
# Columns: path,kind,source,version,sha256; source is debian/PACKAGE. Paths may hold spaces, never commas.
for spec in $(tail -q -n +2 "$@" | cut -d, -f3,4 | sort -u | sed 's|^debian/||; s|,|=|'); do
  pkg=${spec%%=*}
  if [ ! -f "$DEST/debs/$pkg.unpacked" ]; then
    (cd "$DEST/debs" && apt-get download "$spec") || {
      echo "fetch_extra_real: cannot download $spec (run apt-get update first; if Debian no longer has this version, the list must be remade)" >&2
      exit 2
    }
    dpkg -x "$(ls "$DEST/debs/${pkg}_"*.deb | head -n 1)" "$DEST/root"
    touch "$DEST/debs/$pkg.unpacked"
  fi
done
echo "fetch_extra_real: unpacked under $DEST/root"
