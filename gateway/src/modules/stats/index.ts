import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import fp from "fastify-plugin";
import type { Logger } from "pino";
import { InstanceIdParams } from "../../../../contract/instances";
import { Activity, ActivityQuery, Uptime, UptimeQuery } from "../../../../contract/stats";
import type { GatewayConfig } from "../../config";
import { json, problem } from "../../plugins/openapi";
import { ActivityRecorder } from "./activity";
import { uptimeOf } from "./uptime";

/** Activity over time and instance uptime (docs/operations.md, "History"): the Overview's charts, the uptime strip. */
async function statsModule(app: FastifyInstance, { config, log }: { config: GatewayConfig; log: Logger }) {
  const recorder = new ActivityRecorder(app.db, app.events, () => app.cluster.nodeName, log.child({ component: "activity" }), config.activity.flushMs);
  recorder.start();
  app.addHook("onClose", () => recorder.stop());
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/v1/activity",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "getActivity",
        summary: "Activity over time: messages in and out, webhook outcomes and latency, instances by status",
        description:
          "Points of 5 minutes (`1h`, `24h`) or an hour (`7d`), oldest first, over every node of a cluster. Counts are written every `ACTIVITY_FLUSH_SECONDS` (30), so the newest point fills in as it goes; kept 31 days.",
        tags: ["System"],
        querystring: ActivityQuery,
        response: { 200: json("The series", Activity) },
      },
    },
    async (request) => recorder.activity(request.query.range),
  );

  r.get(
    "/api/v1/instances/:id/uptime",
    {
      config: { auth: "instance" },
      schema: {
        operationId: "getInstanceUptime",
        summary: "Uptime over 24 h, 7 d or 30 d, with a timeline",
        description: "From the status history: the share of the window the instance was CONNECTED (of the part it existed), how often it dropped, and 96 equal slots with the status that held longest in each.",
        tags: ["Instances"],
        params: InstanceIdParams,
        querystring: UptimeQuery,
        response: { 200: json("Uptime", Uptime), 404: problem("No such instance") },
      },
    },
    async (request) => uptimeOf(app.db, request.params.id, request.query.range),
  );
}

export default fp(statsModule, { name: "module-stats", dependencies: ["db", "events", "module-cluster"] });
