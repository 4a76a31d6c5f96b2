import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { InstanceSettings, InstanceSettingsUpdate, UpdateInstanceSettingsRequest } from "../../../../contract/instance-settings";
import { InstanceIdParams } from "../../../../contract/instances";
import { actorOf } from "../../plugins/auth";
import { json, problem } from "../../plugins/openapi";

const TAGS = ["Instances"];
const notFound = problem("No such instance");

/** GET|PATCH /api/v1/instances/{id}/settings (docs/instance-settings.md); auth as the watchdog's routes. */
export default async function settingsRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/v1/instances/:id/settings",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getInstanceSettings",
        summary: "The instance's behaviour settings: calls, presence, read receipts, ignored chats, history, device name, watchdog",
        description:
          "Whether calls are rejected (and with which reply), whether the account shows as always online, whether received messages and status updates are marked read at once, which kinds of chats are ignored (groups, status, channels, broadcast lists: no webhooks or logs for them), whether the full history is asked for on linking, the device name the phone lists, and the instance's own watchdog policy and threshold (null: the gateway default, as GET …/watchdog shows). An instance token may read its own.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The settings", InstanceSettings), 404: notFound },
      },
    },
    async (request) => app.instanceSettings.get(request.params.id),
  );

  r.patch(
    "/api/v1/instances/:id/settings",
    {
      config: { auth: "operator", instanceAction: true },
      schema: {
        operationId: "updateInstanceSettings",
        summary: "Change some of the instance's settings; the answer says whether the session restarts for them",
        description:
          "Send only the settings to change (at least one; unknown fields are a 400 and change nothing). Most apply to the running session at once. `deviceName` and `syncFullHistory` are read when a connection opens: if the instance is running, the answer says `restart: true` and the session is restarted with the same credentials (RECONNECTING, then CONNECTED; no QR). `restartFor` names those settings either way. `watchdogPolicy` and `watchdogSilenceSeconds` are the same values as PATCH …/watchdog. Needs an operator or an admin key; an instance token may only read.",
        tags: TAGS,
        params: InstanceIdParams,
        body: UpdateInstanceSettingsRequest,
        response: { 200: json("Saved; `restart` says whether the session restarts for it", InstanceSettingsUpdate), 404: notFound },
      },
    },
    async (request) => {
      const { changed, ...result } = await app.instanceSettings.update(request.params.id, request.body);
      if (changed.length > 0) {
        // Names only: a reply text is the operator's business, not the log's.
        app.logs.write({
          level: "info",
          source: "gateway",
          instanceId: request.params.id,
          message: `Settings changed: ${changed.join(", ")}${result.restart ? "; restarting the session" : ""}`,
          context: { changed, restart: result.restart, by: actorOf(request) },
        });
      }
      return result;
    },
  );
}
