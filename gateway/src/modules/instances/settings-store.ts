import {
  BEHAVIOUR_DEFAULTS,
  applySettingsPatch,
  type BehaviourSettings,
  type InstanceSettings,
  type UpdateInstanceSettingsRequest,
} from "../../../../contract/instance-settings";
import { BROWSER_PRESETS } from "../../../../contract/instances";
import type { WatchdogPolicy } from "../../../../contract/watchdog";
import type { Kysely } from "kysely";
import type { Db, DialectName } from "../../db/database";
import type { Database, InstancesTable } from "../../db/schema";
import { DomainError } from "../../domain-error";

// Where an instance's settings live (docs/instance-settings.md): the behaviour in `instances.settings` (JSON,
// migration 0017), the device name as the first element of `instances.browser`, the watchdog's in its own two
// columns (migration 0014, also written by PATCH …/watchdog). One home per field, so the two APIs never disagree.

type SettingsColumns = Pick<InstancesTable, "settings" | "browser" | "watchdog_policy" | "watchdog_silence_seconds">;
type Browser = [string, string, string];

const FLAGS = Object.keys(BEHAVIOUR_DEFAULTS).filter((key) => key !== "rejectCallMessage") as Array<Exclude<keyof BehaviourSettings, "rejectCallMessage">>;

/** The stored behaviour JSON, each key as stored or its default (missing: added after the row was written; malformed: ignored). */
export function behaviourFromJson(text: string | null): BehaviourSettings {
  const settings: BehaviourSettings = { ...BEHAVIOUR_DEFAULTS };
  let stored: Record<string, unknown> = {};
  try {
    const parsed: unknown = text ? JSON.parse(text) : {};
    if (parsed && typeof parsed === "object") stored = parsed as Record<string, unknown>;
  } catch {
    // An unreadable value means the defaults, as if none had been saved.
  }
  for (const flag of FLAGS) if (typeof stored[flag] === "boolean") settings[flag] = stored[flag];
  if (typeof stored.rejectCallMessage === "string") settings.rejectCallMessage = stored.rejectCallMessage;
  return settings;
}

export function browserOf(text: string | null): Browser {
  return text ? (JSON.parse(text) as Browser) : [...BROWSER_PRESETS.default];
}

export function behaviourOf(settings: InstanceSettings): BehaviourSettings {
  const { deviceName: _device, watchdogPolicy: _policy, watchdogSilenceSeconds: _silence, ...behaviour } = settings;
  return behaviour;
}

function settingsOfRow(row: SettingsColumns): InstanceSettings {
  return {
    ...behaviourFromJson(row.settings),
    deviceName: browserOf(row.browser)[0],
    watchdogPolicy: row.watchdog_policy as WatchdogPolicy | null,
    watchdogSilenceSeconds: row.watchdog_silence_seconds,
  };
}

export class SettingsStore {
  constructor(
    private readonly db: Db,
    private readonly dialect: DialectName,
  ) {}

  /** An instance's settings; 404 when the instance is unknown. */
  async read(id: string): Promise<InstanceSettings> {
    const row = await this.db.selectFrom("instances").select(["settings", "browser", "watchdog_policy", "watchdog_silence_seconds"]).where("id", "=", id).executeTakeFirst();
    if (!row) throw new DomainError("not_found", `No instance ${id}`);
    return settingsOfRow(row);
  }

  /**
   * Applies a patch in one transaction (the row locked on PostgreSQL, so two patches never lose one another's
   * fields); a new device name bumps the instance's `seq`, since its `browser` changes. Returns the settings before
   * and after, and the browser tuple after.
   */
  async update(id: string, patch: UpdateInstanceSettingsRequest): Promise<{ before: InstanceSettings; after: InstanceSettings; browser: Browser }> {
    return this.db.transaction().execute(async (trx) => {
      let query = trx.selectFrom("instances").select(["settings", "browser", "watchdog_policy", "watchdog_silence_seconds"]).where("id", "=", id);
      if (this.dialect === "postgres") query = query.forUpdate();
      const row = await query.executeTakeFirst();
      if (!row) throw new DomainError("not_found", `No instance ${id}`);
      const before = settingsOfRow(row);
      const after = applySettingsPatch(before, patch);
      const [, platform, version] = browserOf(row.browser);
      const browser: Browser = [after.deviceName, platform, version];
      const renamed = after.deviceName !== before.deviceName;
      await trx
        .updateTable("instances")
        .set((eb) => ({
          settings: JSON.stringify(behaviourOf(after)),
          watchdog_policy: after.watchdogPolicy,
          watchdog_silence_seconds: after.watchdogSilenceSeconds,
          ...(renamed ? { browser: JSON.stringify(browser), seq: eb("seq", "+", 1), updated_at: new Date().toISOString() } : {}),
        }))
        .where("id", "=", id)
        .execute();
      return { before, after, browser };
    });
  }
}

/**
 * Settings for an instance being created (a settings template's), in the creating transaction: stored before its
 * first connection, so nothing restarts, and without a `seq` bump (the instance is announced after this).
 */
export async function writeSettingsIn(trx: Kysely<Database>, id: string, patch: UpdateInstanceSettingsRequest): Promise<void> {
  const row = await trx.selectFrom("instances").select(["settings", "browser", "watchdog_policy", "watchdog_silence_seconds"]).where("id", "=", id).executeTakeFirstOrThrow();
  const after = applySettingsPatch(settingsOfRow(row), patch);
  const [, platform, version] = browserOf(row.browser);
  await trx
    .updateTable("instances")
    .set({
      settings: JSON.stringify(behaviourOf(after)),
      browser: JSON.stringify([after.deviceName, platform, version]),
      watchdog_policy: after.watchdogPolicy,
      watchdog_silence_seconds: after.watchdogSilenceSeconds,
    })
    .where("id", "=", id)
    .execute();
}
