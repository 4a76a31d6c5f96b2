import type { BaileysProfileSocket } from "../../src/engines/baileys/own-profile";

/** What the account's own profile calls need besides what every fake socket has already. */
export type OwnProfileCalls = Omit<BaileysProfileSocket, "authState" | "profilePictureUrl" | "fetchStatus">;

const notUsed = async (): Promise<never> => Promise.reject(new Error("not used here"));

/** For fake sockets whose tests do not touch the account's own profile (gateway/test/engines/baileys-profile.test.ts does). */
export const unusedOwnProfileCalls = (): OwnProfileCalls => ({
  updateProfileName: notUsed,
  updateProfileStatus: notUsed,
  updateProfilePicture: notUsed,
  removeProfilePicture: notUsed,
  fetchPrivacySettings: notUsed,
  updateLastSeenPrivacy: notUsed,
  updateOnlinePrivacy: notUsed,
  updateProfilePicturePrivacy: notUsed,
  updateStatusPrivacy: notUsed,
  updateReadReceiptsPrivacy: notUsed,
  updateGroupsAddPrivacy: notUsed,
});
