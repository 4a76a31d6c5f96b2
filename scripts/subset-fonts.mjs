// Writes the panel's fonts, app/fonts/geist-{sans,mono}-latin.woff2: the `geist` package's variable Geist Sans and
// Geist Mono cut to the Latin subset, as next/font/google serves a font with `subsets: ["latin"]` (the same ranges,
// plus the arrows the panel writes). Each full file is about 70 KB; a subset is about half. Text outside the subset (a
// Cyrillic instance name, say) is drawn in the fallback font, as with Google's subsets (docs/architecture.md, "What
// every page loads, and why"). The files are committed; run this after upgrading `geist` (a unit test says when the
// committed files no longer match):
//
//   node scripts/subset-fonts.mjs           # write app/fonts/*.woff2
//   node scripts/subset-fonts.mjs --check   # exit 1 when a committed file differs from what this writes
import fs from "node:fs";
import path from "node:path";
import subsetFont from "subset-font";

/** The `unicode-range` of the subset, as app/layout.tsx declares it for each face. */
export const LATIN_UNICODE_RANGE =
  "U+0000-00FF, U+0131, U+0152-0153, U+02BB-02BC, U+02C6, U+02DA, U+02DC, U+0304, U+0308, U+0329, U+2000-206F, U+20AC, U+2122, U+2190-2199, U+2212, U+2215, U+FEFF, U+FFFD";

/** Every code point a CSS `unicode-range` value covers. */
export function codePointsOf(unicodeRange) {
  const points = [];
  for (const part of unicodeRange.split(",")) {
    const [from, to = from] = part.trim().replace(/^U\+/i, "").split("-");
    for (let point = Number.parseInt(from, 16); point <= Number.parseInt(to, 16); point += 1) points.push(point);
  }
  return points;
}

const root = path.join(import.meta.dirname, "..");
const geist = path.join(root, "node_modules", "geist", "dist", "fonts");
export const FONTS_DIR = path.join(root, "app", "fonts");
export const FONTS = [
  { source: path.join(geist, "geist-sans", "Geist-Variable.woff2"), file: "geist-sans-latin.woff2" },
  { source: path.join(geist, "geist-mono", "GeistMono-Variable.woff2"), file: "geist-mono-latin.woff2" },
];

/** Each font's subset, as bytes: HarfBuzz's subsetter (through `subset-font`) keeps the weight axis and the layout
 * features of the glyphs kept. `truetype` gives the same subset uncompressed, for a test to read. */
export async function subsetFonts(targetFormat = "woff2") {
  const text = String.fromCodePoint(...codePointsOf(LATIN_UNICODE_RANGE));
  return Promise.all(FONTS.map(async ({ source, file }) => ({ file, bytes: await subsetFont(fs.readFileSync(source), text, { targetFormat }) })));
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const check = process.argv.includes("--check");
  let stale = 0;
  fs.mkdirSync(FONTS_DIR, { recursive: true });
  for (const { file, bytes } of await subsetFonts()) {
    const target = path.join(FONTS_DIR, file);
    if (check) {
      const same = fs.existsSync(target) && Buffer.compare(fs.readFileSync(target), bytes) === 0;
      if (!same) stale += 1;
      console.log(`${file}: ${same ? "up to date" : "differs from what this script writes: run node scripts/subset-fonts.mjs"}`);
    } else {
      fs.writeFileSync(target, bytes);
      console.log(`${file}: ${(bytes.length / 1024).toFixed(1)} KB`);
    }
  }
  if (stale) process.exit(1);
}
