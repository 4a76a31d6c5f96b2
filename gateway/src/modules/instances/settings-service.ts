import {
  changedSettings,
  settingsNeedingRestart,
  type InstanceSettingName,
  type InstanceSettings,
  type InstanceSettingsUpdate,
  type RestartSetting,
  type UpdateInstanceSettingsRequest,
} from "../../../../contract/instance-settings";
import type { Db, DialectName } from "../../db/database";
import type { GatewayEvents } from "../../events/gateway-events";
import type { InstanceManager } from "./instance-manager";
import { SettingsStore, behaviourOf } from "./settings-store";

/**
 * An instance's behaviour settings (docs/instance-settings.md): read, change, and apply to its session when it runs
 * on this node (PATCH is an instanceAction, so in a cluster it runs on the node that holds the instance). Live
 * settings apply to the open connection; the device name and history sync restart a running session, no QR.
 */
export class InstanceSettingsService {
  private readonly store: SettingsStore;
  /** Per instance, the change being saved and applied: the next waits, so the session ends up with the last one saved. */
  private readonly pending = new Map<string, Promise<unknown>>();

  constructor(
    db: Db,
    dialect: DialectName,
    private readonly instances: InstanceManager,
    private readonly events: GatewayEvents,
  ) {
    this.store = new SettingsStore(db, dialect);
  }

  get(id: string): Promise<InstanceSettings> {
    return this.store.read(id);
  }

  /**
   * Saves a patch and applies it; answers what was saved, what changed and whether the session restarts for it.
   * `deferRestart`: a running session takes the new settings but is not restarted for `restartFor` (`restart` is then
   * false); the caller restarts it, with `restart` or by another change that restarts it anyway (a new proxy).
   */
  update(id: string, patch: UpdateInstanceSettingsRequest, options: { deferRestart?: boolean } = {}): Promise<InstanceSettingsUpdate & { changed: InstanceSettingName[] }> {
    const previous = this.pending.get(id) ?? Promise.resolve();
    const run = previous.catch(() => undefined).then(() => this.save(id, patch, options));
    this.pending.set(id, run);
    void run.catch(() => undefined).finally(() => {
      if (this.pending.get(id) === run) this.pending.delete(id);
    });
    return run;
  }

  /** The restart an update with `deferRestart` left to its caller, if the session runs here; resolves whether it restarted. */
  async restart(id: string, restartFor: readonly RestartSetting[]): Promise<boolean> {
    const runtime = restartFor.length > 0 ? this.instances.localRuntime(id) : null;
    return runtime ? runtime.restartForSettings(restartFor) : false;
  }

  private async save(id: string, patch: UpdateInstanceSettingsRequest, options: { deferRestart?: boolean }): Promise<InstanceSettingsUpdate & { changed: InstanceSettingName[] }> {
    const { before, after, browser } = await this.store.update(id, patch);
    const changed = changedSettings(before, patch);
    const restartFor = settingsNeedingRestart(before, patch);
    if (after.deviceName !== before.deviceName) {
      // The instance's `browser` changed: clients showing it hear of it like any metadata change.
      const instance = await this.instances.repo.get(id);
      this.events.emit("instance.updated", { instance, seq: instance.seq, at: instance.updatedAt });
    }
    const runtime = changed.length > 0 ? this.instances.localRuntime(id) : null;
    const restart = runtime ? await runtime.applySettings({ settings: behaviourOf(after), browser }, restartFor, options) : false;
    return { settings: after, restart, restartFor, changed };
  }
}
