export declare const LATIN_UNICODE_RANGE: string;
export declare function codePointsOf(unicodeRange: string): number[];
export declare const FONTS_DIR: string;
export declare const FONTS: ReadonlyArray<{ source: string; file: string }>;
export declare function subsetFonts(targetFormat?: "woff2" | "truetype"): Promise<Array<{ file: string; bytes: Buffer }>>;
