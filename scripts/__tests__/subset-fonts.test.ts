import fs from "node:fs";
import path from "node:path";
import * as hb from "harfbuzzjs";
import { describe, expect, it } from "vitest";
import { FONTS, FONTS_DIR, LATIN_UNICODE_RANGE, codePointsOf, subsetFonts } from "../subset-fonts.mjs";

const hex = (point: number) => `U+${point.toString(16).toUpperCase().padStart(4, "0")}`;

describe("the panel's fonts (app/fonts, written by scripts/subset-fonts.mjs)", () => {
  it("are what the script writes from the installed geist package: rerun it after upgrading geist", async () => {
    for (const { file, bytes } of await subsetFonts()) {
      expect(Buffer.compare(fs.readFileSync(path.join(FONTS_DIR, file)), bytes), `${file} is stale`).toBe(0);
    }
  });

  it("keep the Latin subset and the weight axis, and nothing else", async () => {
    const latin = new Set(codePointsOf(LATIN_UNICODE_RANGE));
    for (const { file, bytes } of await subsetFonts("truetype")) {
      const face = new hb.Face(new hb.Blob(new Uint8Array(bytes).buffer));
      const points = new Set(face.collectUnicodes());
      // What the panel writes (ASCII, é, the ellipsis, curly quotes, the dashes, the bullet, the arrow, the euro) is in…
      for (const char of [..."AZaz09@#{}|~", "é", "ß", "…", "“", "”", "–", "—", "•", "→", "€"]) expect(points.has(char.codePointAt(0)!), `${file} lacks ${char}`).toBe(true);
      // …and what the full font has beyond the subset (Latin Extended-A, Cyrillic, Vietnamese) is not.
      for (const char of ["ā", "Ж", "ạ"]) expect(points.has(char.codePointAt(0)!), `${file} has ${char}`).toBe(false);
      expect([...points].filter((point) => !latin.has(point)).map(hex), file).toEqual([]);
      expect(face.getAxisInfos().wght, file).toMatchObject({ min: 100, max: 900 });
    }
    expect(FONTS.map((font) => font.file)).toEqual(["geist-sans-latin.woff2", "geist-mono-latin.woff2"]);
  });

  it("are declared in the root layout with the script's unicode-range, as next/font/google declares a subset", () => {
    const layout = fs.readFileSync(path.join(import.meta.dirname, "../../app/layout.tsx"), "utf8");
    for (const { file } of FONTS) expect(layout).toContain(`src: "./fonts/${file}"`);
    const ranges = [...layout.matchAll(/prop: "unicode-range", value: "([^"]+)"/g)].map((match) => match[1]);
    expect(ranges).toEqual([LATIN_UNICODE_RANGE, LATIN_UNICODE_RANGE]);
  });
});
