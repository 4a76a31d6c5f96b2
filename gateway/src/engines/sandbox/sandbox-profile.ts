import { PRIVACY_SETTINGS, type PrivacySettings } from "../../../../contract/profile";
import type { AuthStateStore } from "../../modules/instances/auth-state-store";
import type { OwnProfile, PrivacyChanges } from "../engine";

// The simulated account's own profile and privacy (docs/profile.md). Like a real account's, it lives outside the
// session: with the instance's auth state in the database (the name in the creds, as Baileys keeps it; the rest
// under a category of its own), so it outlives restarts and follows the instance to another node. Forgetting the
// device (logout, reset) forgets it too: the next scan pairs a new simulated phone.

const CATEGORY = "sandbox-profile";

/** What a new WhatsApp account shows. */
const DEFAULT_ABOUT = "Hey there! I am using WhatsApp.";
const DEFAULT_PRIVACY: PrivacySettings = { lastSeen: "contacts", online: "all", profilePicture: "contacts", about: "contacts", readReceipts: "all", groupsAdd: "all" };

interface StoredAbout {
  text: string;
  setAt: string;
}
interface StoredPicture {
  /** The JPEG, base64 (the sandbox's auth state is plain JSON). */
  jpeg: string;
  updatedAt: string;
}
interface SandboxCreds {
  me: { id: string; name: string };
}

export class SandboxProfile {
  constructor(private readonly auth: AuthStateStore) {}

  private async read(): Promise<{ about?: StoredAbout; picture?: StoredPicture; privacy?: Partial<PrivacySettings> }> {
    return (await this.auth.getKeys(CATEGORY, ["about", "picture", "privacy"])) as { about?: StoredAbout; picture?: StoredPicture; privacy?: Partial<PrivacySettings> };
  }

  private write(key: "about" | "picture" | "privacy", value: unknown): Promise<void> {
    return this.auth.setKeys({ [CATEGORY]: { [key]: value } });
  }

  async profile(): Promise<OwnProfile> {
    const [creds, { about, picture }] = await Promise.all([this.auth.loadCreds<SandboxCreds>(), this.read()]);
    return {
      name: creds?.me.name ?? null,
      ...(about ? { about: about.text, aboutSetAt: about.setAt } : { about: DEFAULT_ABOUT }),
      hasPicture: picture !== undefined,
      ...(picture ? { pictureUpdatedAt: picture.updatedAt } : {}),
    };
  }

  /** Returns whether the name changed. */
  async setName(name: string): Promise<boolean> {
    const creds = await this.auth.loadCreds<SandboxCreds>();
    if (!creds || creds.me.name === name) return false;
    await this.auth.saveCreds({ ...creds, me: { ...creds.me, name } });
    return true;
  }

  setAbout(text: string): Promise<void> {
    return this.write("about", { text, setAt: new Date().toISOString() } satisfies StoredAbout);
  }

  setPicture(jpeg: Buffer): Promise<void> {
    return this.write("picture", { jpeg: jpeg.toString("base64"), updatedAt: new Date().toISOString() } satisfies StoredPicture);
  }

  removePicture(): Promise<void> {
    return this.write("picture", null);
  }

  async picture(): Promise<Buffer | null> {
    const { picture } = await this.read();
    return picture ? Buffer.from(picture.jpeg, "base64") : null;
  }

  async privacy(): Promise<PrivacySettings> {
    return { ...DEFAULT_PRIVACY, ...(await this.read()).privacy };
  }

  async setPrivacy(changes: PrivacyChanges): Promise<void> {
    const next = await this.privacy();
    for (const setting of PRIVACY_SETTINGS) {
      const value = changes[setting];
      if (value !== undefined) (next as Record<string, string | null>)[setting] = value;
    }
    await this.write("privacy", next);
  }
}
