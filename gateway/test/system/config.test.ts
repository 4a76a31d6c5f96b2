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

  it("paces messages at 1/s (burst 3, 1000 waiting), keeps their records 30 days, and caps media at 16/64/64/100/16 MiB by default, all configurable", () => {
    const MiB = 1024 * 1024;
    expect(loadConfig({}).messages).toEqual({
      ratePerSecond: 1,
      burst: 3,
      queueMax: 1000,
      retentionMs: 30 * 86_400_000,
      mediaMaxBytes: { image: 16 * MiB, video: 64 * MiB, audio: 64 * MiB, document: 100 * MiB, sticker: 16 * MiB },
    });
    const tuned = loadConfig({ MESSAGE_RATE_PER_SECOND: "0.5", MESSAGE_BURST: "1", MESSAGE_QUEUE_MAX: "20", MEDIA_MAX_DOCUMENT_MIB: "0.5", MESSAGE_RETENTION_DAYS: "7" }).messages;
    expect(tuned).toMatchObject({ ratePerSecond: 0.5, burst: 1, queueMax: 20, retentionMs: 7 * 86_400_000, mediaMaxBytes: { document: MiB / 2 } });
    expect(() => loadConfig({ MESSAGE_RETENTION_DAYS: "0" })).toThrow('MESSAGE_RETENTION_DAYS="0" must be positive');
    expect(() => loadConfig({ MESSAGE_RATE_PER_SECOND: "0" })).toThrow('MESSAGE_RATE_PER_SECOND="0" must be at least 0.01');
    expect(() => loadConfig({ MEDIA_MAX_VIDEO_MIB: "lots" })).toThrow('MEDIA_MAX_VIDEO_MIB="lots" must be a number of MiB');
  });

  it("keeps finished webhook deliveries 30 days by default (WEBHOOK_DELIVERY_RETENTION_DAYS, fractions allowed)", () => {
    expect(loadConfig({}).webhooks.deliveryRetentionMs).toBe(30 * 86_400_000);
    expect(loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: "0.5" }).webhooks.deliveryRetentionMs).toBe(43_200_000);
    expect(() => loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: "0" })).toThrow('WEBHOOK_DELIVERY_RETENTION_DAYS="0" must be positive');
    expect(() => loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: "3651" })).toThrow('WEBHOOK_DELIVERY_RETENTION_DAYS="3651" must be at most 3650');
    expect(() => loadConfig({ WEBHOOK_DELIVERY_RETENTION_DAYS: "a month" })).toThrow('WEBHOOK_DELIVERY_RETENTION_DAYS="a month" must be a number of days');
  });

  it("keeps received files 7 days by default (MEDIA_RETENTION_HOURS, fractions allowed, at most a year)", () => {
    expect(loadConfig({}).inboundMedia).toEqual({ retentionMs: 168 * 3_600_000 });
    expect(loadConfig({ MEDIA_RETENTION_HOURS: "0.5" }).inboundMedia.retentionMs).toBe(1_800_000);
    expect(() => loadConfig({ MEDIA_RETENTION_HOURS: "0" })).toThrow('MEDIA_RETENTION_HOURS="0" must be positive');
    expect(() => loadConfig({ MEDIA_RETENTION_HOURS: "9000" })).toThrow('MEDIA_RETENTION_HOURS="9000" must be at most 8760 (a year)');
  });

  it("caps a profile picture upload at 5 MiB by default (PROFILE_PICTURE_MAX_MIB, fractions allowed, at most 64)", () => {
    expect(loadConfig({}).profile).toEqual({ pictureMaxBytes: 5 * 1024 * 1024 });
    expect(loadConfig({ PROFILE_PICTURE_MAX_MIB: "0.5" }).profile.pictureMaxBytes).toBe(512 * 1024);
    expect(() => loadConfig({ PROFILE_PICTURE_MAX_MIB: "0" })).toThrow('PROFILE_PICTURE_MAX_MIB="0" must be positive');
    expect(() => loadConfig({ PROFILE_PICTURE_MAX_MIB: "100" })).toThrow('PROFILE_PICTURE_MAX_MIB="100" must be at most 64');
    expect(() => loadConfig({ PROFILE_PICTURE_MAX_MIB: "big" })).toThrow('PROFILE_PICTURE_MAX_MIB="big" must be a number of MiB');
  });

  it("refuses CORS entries that are not bare origins and never echoes ADMIN_PASSWORD", () => {
    expect(() => loadConfig({ CORS_ORIGINS: "http://localhost:3000/path" })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ ADMIN_PASSWORD: "short" })).toThrow('ADMIN_PASSWORD=(hidden) must be at least 12 characters');
  });
});
