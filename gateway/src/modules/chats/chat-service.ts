import type { CheckNumbersResponse, ContactProfile, Group, GroupList, ReadMessagesResponse } from "../../../../contract/chats";
import { DomainError } from "../../domain-error";
import type { EngineConnection, EngineGroup, PresenceState } from "../../engines/engine";
import type { InstanceManager } from "../instances/instance-manager";

const summary = ({ participants, ...group }: EngineGroup): Omit<Group, "participants"> => ({ ...group, size: participants.length });

/** The account behind a connected instance: which numbers exist, its groups, its presence, read receipts. */
export class ChatService {
  constructor(private readonly instances: InstanceManager) {}

  private async connection(instanceId: string): Promise<EngineConnection> {
    await this.instances.repo.get(instanceId);
    return (await this.instances.runtime(instanceId)).connected();
  }

  async checkNumbers(instanceId: string, numbers: string[]): Promise<CheckNumbersResponse> {
    const unique = [...new Set(numbers)];
    const found = new Map((await (await this.connection(instanceId)).checkNumbers(unique)).map((r) => [r.number, r]));
    return { items: numbers.map((number) => found.get(number) ?? { number, exists: false, jid: null }) };
  }

  /** The account's groups by JID, a page at a time (the cursor is the last JID of the previous page). */
  async groups(instanceId: string, limit: number, cursor?: string): Promise<GroupList> {
    const all = (await (await this.connection(instanceId)).groups()).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    const rest = cursor ? all.filter((g) => g.id > cursor) : all;
    const page = rest.slice(0, limit);
    return { items: page.map(summary), nextCursor: rest.length > limit ? page.at(-1)!.id : null };
  }

  async group(instanceId: string, jid: string): Promise<Group> {
    const group = await (await this.connection(instanceId)).group(jid);
    if (!group) throw new DomainError("not_found", `The instance's account is not in group ${jid}`);
    return { ...summary(group), participants: group.participants };
  }

  async profile(instanceId: string, contact: string): Promise<ContactProfile> {
    const jid = contact.includes("@") ? contact.replace(/@c\.us$/, "@s.whatsapp.net") : `${contact}@s.whatsapp.net`;
    const profile = await (await this.connection(instanceId)).profile(jid);
    if (!profile) throw new DomainError("not_found", `${jid} has no WhatsApp account`);
    return { jid, ...profile };
  }

  async presence(instanceId: string, state: PresenceState, jid: string): Promise<void> {
    await (await this.connection(instanceId)).sendPresence(state, jid);
  }

  async markRead(instanceId: string, messageIds: string[]): Promise<ReadMessagesResponse> {
    return (await this.connection(instanceId)).markRead([...new Set(messageIds)]);
  }
}
