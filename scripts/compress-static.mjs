// Writes a Brotli (.br) and a gzip (.gz) copy beside every compressible file of the build's client assets
// (.next/static), so the panel server sends them as they are instead of compressing each response
// (docs/panel-server.md, "Static assets").
import fs from "node:fs";
import path from "node:path";
import { promisify } from "node:util";
import zlib from "node:zlib";

const brotli = promisify(zlib.brotliCompress);
const gzip = promisify(zlib.gzip);
const COMPRESSIBLE = /\.(js|css|svg|json|txt)$/;

export async function compressStatic(dir) {
  const files = fs.readdirSync(dir, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile() && COMPRESSIBLE.test(entry.name));
  let bytes = 0;
  for (const entry of files) {
    const file = path.join(entry.parentPath, entry.name);
    const source = fs.readFileSync(file);
    bytes += source.length;
    const [br, gz] = await Promise.all([
      brotli(source, { params: { [zlib.constants.BROTLI_PARAM_QUALITY]: 11, [zlib.constants.BROTLI_PARAM_SIZE_HINT]: source.length } }),
      gzip(source, { level: 9 }),
    ]);
    fs.writeFileSync(`${file}.br`, br);
    fs.writeFileSync(`${file}.gz`, gz);
  }
  return { files: files.length, bytes };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const started = performance.now();
  const { files, bytes } = await compressStatic(path.resolve(process.argv[2] ?? ".next/static"));
  console.log(`Compressed ${files} static files (${Math.round(bytes / 1024)} KiB) in ${Math.round(performance.now() - started)} ms`);
}
