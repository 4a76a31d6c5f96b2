import { describe, expect, it } from "vitest";
import { ConfigError, loadConfig } from "../../src/config";

describe("gateway configuration", () => {
  it("uses the documented defaults", () => {
    const config = loadConfig({});
    expect(config).toMatchObject({ port: 8080, host: "127.0.0.1", engine: "baileys", logLevel: "info" });
    expect(config.dataDir.endsWith("data")).toBe(true);
    expect(config.corsOrigins).toEqual(["http://localhost:3000", "http://127.0.0.1:3000"]);
  });

  it("names the variable and what is allowed when a value is bad", () => {
    const error = (() => {
      try {
        loadConfig({ PORT: "abc", WA_ENGINE: "whatsmeow" });
      } catch (e) {
        return e as ConfigError;
      }
      throw new Error("expected a ConfigError");
    })();
    expect(error).toBeInstanceOf(ConfigError);
    expect(error.lines).toEqual([
      'Invalid configuration: PORT="abc" must be a whole number from 0 to 65535',
      'Invalid configuration: WA_ENGINE="whatsmeow" must be one of: baileys, sandbox',
    ]);
  });

  it("refuses CORS entries that are not bare origins and never echoes ADMIN_PASSWORD", () => {
    expect(() => loadConfig({ CORS_ORIGINS: "http://localhost:3000/path" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ ADMIN_PASSWORD: "short" })).toThrow('ADMIN_PASSWORD=(hidden) must be at least 12 characters');
  });
});
