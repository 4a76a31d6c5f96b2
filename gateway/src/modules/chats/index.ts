import type { FastifyInstance } from "fastify";
import fp from "fastify-plugin";
import chatRoutes from "./chat-routes";
import { ChatService } from "./chat-service";

declare module "fastify" {
  interface FastifyInstance {
    /** A connected account's contacts, groups, presence and read receipts. */
    chats: ChatService;
  }
}

async function chatsModule(app: FastifyInstance) {
  app.decorate("chats", new ChatService(app.instances));
  await app.register(chatRoutes);
}

export default fp(chatsModule, { name: "module-chats", dependencies: ["module-instances"] });
