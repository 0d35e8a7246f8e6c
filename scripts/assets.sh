#!/usr/bin/env bash
# assets.sh — the front-end set-up: installs the npm packages of
# package-lock.json (npm ci, only when node_modules is missing or older than
# the lock file) and copies what the binary serves from Bootstrap Italia
# (CSS, the SVG icons the pages use, the woff2/woff fonts, the licences)
# into internal/web/static/vendor, and the TrueType Titillium Web of the PDF
# documents into internal/document/fonts, which //go:embed puts into the binary.
# Run it before `go build`; node_modules and the copy are not in git.
#
#   scripts/assets.sh
set -euo pipefail
cd "$(dirname "$0")/.."

if ! command -v npm >/dev/null; then
	[ "$(id -u)" -eq 0 ] || { echo "assets: npm non trovato: installare Node.js (apt-get install nodejs npm)" >&2; exit 2; }
	echo "assets: installo nodejs e npm" >&2
	apt-get update >&2
	DEBIAN_FRONTEND=noninteractive apt-get install -y nodejs npm >&2
fi

stamp=node_modules/.package-lock.json
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ]; then
	echo "assets: npm ci" >&2
	npm ci --no-audit --no-fund --loglevel=error >&2
fi

src=node_modules/bootstrap-italia/dist
dst=internal/web/static/vendor/bootstrap-italia
[ -f "$src/css/bootstrap-italia.min.css" ] || { echo "assets: $src incompleto" >&2; exit 1; }

tmp=$(mktemp -d internal/web/static/vendor/.tmp-XXXX)
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$tmp/css" "$tmp/svg" "$tmp/fonts"
cp "$src/css/bootstrap-italia.min.css" "$tmp/css/"
# The pages need only the folding menu: internal/web/static/js/performa.js, not the 1 MB bundle.
# Only the icons the pages use (internal/web/icons.txt), not the sheet of all of them.
node -e '
const fs = require("fs");
const [src, list, dst] = process.argv.slice(1);
const sprite = fs.readFileSync(src, "utf8");
const names = fs.readFileSync(list, "utf8").split("\n").map(l => l.trim()).filter(l => l && !l.startsWith("#"));
let out = "<svg xmlns=\"http://www.w3.org/2000/svg\">";
for (const n of names) {
	const m = sprite.match(new RegExp("<symbol id=\"it-" + n + "\"[^>]*>[\\s\\S]*?</symbol>"));
	if (!m) { console.error("assets: icona it-" + n + " non trovata in " + src); process.exit(1); }
	out += m[0];
}
fs.writeFileSync(dst, out + "</svg>\n");
' "$src/svg/sprites.svg" internal/web/icons.txt "$tmp/svg/sprites.svg"
for family in "$src"/fonts/*/; do
	name=$(basename "$family")
	mkdir -p "$tmp/fonts/$name"
	cp "$family"*.woff2 "$family"*.woff "$tmp/fonts/$name/"
	cp "$family"*.txt "$tmp/fonts/$name/" 2>/dev/null || true
done
cp node_modules/bootstrap-italia/LICENSE "$tmp/LICENSE"
# The PDF documents (internal/document) embed Titillium Web as TrueType.
ttf=node_modules/bootstrap-italia/src/fonts/Titillium_Web
fonts=internal/document/fonts
mkdir -p "$fonts"
for style in regular italic 600 700; do
	cp "$ttf/titillium-web-v10-latin-ext_latin-$style.ttf" "$fonts/"
done
cp "$ttf/OFL.txt" "$fonts/"
cp node_modules/bootstrap-italia/package.json "$tmp/package.json"

rm -rf "$dst"
mv "$tmp" "$dst"
trap - EXIT
echo "assets: Bootstrap Italia $(node -p 'require("./node_modules/bootstrap-italia/package.json").version' 2>/dev/null || echo '?') in $dst" >&2
