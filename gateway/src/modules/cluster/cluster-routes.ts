import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { DrainNodeResponse, GatewayNodeList, MoveInstanceRequest, NodeNameParams } from "../../../../contract/cluster";
import { Instance, InstanceIdParams } from "../../../../contract/instances";
import { json, problem } from "../../plugins/openapi";

const noNode = problem("No such gateway node");
const cannot = problem("The node is draining, or no other live node can take the instances");

/** The gateway nodes: which are live, how many instances each runs. */
export default async function clusterRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  r.get(
    "/api/v1/nodes",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "listNodes",
        summary: "Gateway nodes: liveness, heartbeat, instances each runs",
        description: "One node on SQLite (`mode: single`); every node sharing the PostgreSQL database in cluster mode (`mode: postgres`), stopped and dead ones included with `live: false`.",
        tags: ["System"],
        response: { 200: json("The nodes", GatewayNodeList) },
      },
    },
    async () => ({ mode: app.cluster.mode, self: app.cluster.nodeName, items: await app.cluster.nodes() }),
  );

  for (const [method, draining] of [["post", true], ["delete", false]] as const) {
    r[method](
      "/api/v1/nodes/:name/drain",
      {
        config: { auth: "operator" },
        schema: {
          operationId: draining ? "drainNode" : "undrainNode",
          summary: draining ? "Drain a node: place its instances on the other live nodes, take no new ones" : "End a drain: the node takes new instances again",
          description: draining
            ? "Before maintenance: the node is marked draining and every instance placed on it goes to the other live nodes (fewest first). Each session ends on the drained node as its new node starts it; paired instances resume without a QR. A restart of the node also ends the drain."
            : "The node takes new instances again. Instances moved away stay where they are.",
          tags: ["System"],
          params: NodeNameParams,
          response: { 200: json(draining ? "Draining; instances are moving" : "No longer draining", DrainNodeResponse), 404: noNode, 409: cannot },
        },
      },
      async (request) => app.cluster.drain(request.params.name, draining),
    );
  }

  r.post(
    "/api/v1/instances/:id/move",
    {
      config: { auth: "operator" },
      schema: {
        operationId: "moveInstance",
        summary: "Move an instance to another gateway node",
        description: "Places the instance on `node` (live, not draining). Its session ends where it runs now and starts on that node within a few seconds; a paired instance resumes without a QR. Follow `node` and the status live.",
        tags: ["Instances"],
        params: InstanceIdParams,
        body: MoveInstanceRequest,
        response: { 202: json("Moving; follow the instance's node and status", Instance), 404: problem("No such instance"), 409: cannot },
      },
    },
    async (request, reply) => {
      await app.cluster.move(request.params.id, request.body.node);
      return reply.code(202).send(await app.instances.repo.get(request.params.id));
    },
  );
}
