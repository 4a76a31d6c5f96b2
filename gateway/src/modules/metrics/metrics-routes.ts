import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { problem } from "../../plugins/openapi";

/** GET /metrics: the Prometheus text exposition (docs/metrics.md). */
export default async function metricsRoutes(app: FastifyInstance) {
  app.withTypeProvider<ZodTypeProvider>().get(
    "/metrics",
    {
      config: { auth: "metrics" },
      schema: {
        operationId: "getMetrics",
        summary: "Prometheus metrics: instances by status, messages, queues, webhook deliveries, the process",
        description:
          "The Prometheus text format (0.0.4), every name prefixed `wam_`; docs/metrics.md lists each metric and its labels. " +
          "Send `METRICS_TOKEN` or an API key of scope `metrics` as the bearer token. The route exists only when one of the two is configured (otherwise 404). " +
          "In cluster mode every series carries the answering node's name as `node`; gauges of instances count the instances that node runs, so a sum over nodes is the cluster's.",
        tags: ["System"],
        response: {
          200: { description: "The metrics, as Prometheus scrapes them", content: { "text/plain": { schema: z.string() } } },
          404: problem("Neither METRICS_TOKEN nor a metrics key is configured: there is no metrics route"),
        },
      },
    },
    async (_request, reply) => {
      const { contentType, body } = await app.metrics.render(app.cluster.mode === "postgres" ? app.cluster.nodeName : null);
      return reply.type(contentType).send(body);
    },
  );
}
