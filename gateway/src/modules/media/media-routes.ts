import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { MediaParams } from "../../../../contract/inbound";
import { problem } from "../../plugins/openapi";

const TOKEN = "[a-z0-9][a-z0-9!#$&^_.+-]*";
/** A MIME type with optional parameters; anything else the sender announced is served as application/octet-stream. */
const MIME = new RegExp(`^${TOKEN}/${TOKEN}(?:\\s*;\\s*${TOKEN}=(?:${TOKEN}|"[^"\\\\\\r\\n]*"))*$`, "i");

const EXTENSIONS: Record<string, string> = {
  "image/jpeg": "jpg",
  "image/png": "png",
  "image/webp": "webp",
  "image/gif": "gif",
  "video/mp4": "mp4",
  "video/3gpp": "3gp",
  "audio/ogg": "ogg",
  "audio/mpeg": "mp3",
  "audio/mp4": "m4a",
  "audio/aac": "aac",
  "application/pdf": "pdf",
};

/** RFC 6266: an ASCII fallback and the UTF-8 name (RFC 8187), from the sender's file name or the id and type. */
function contentDisposition(mediaId: string, mimetype: string, fileName: string | null): string {
  const base = (fileName ?? "").split(/[/\\]/).pop()!.replace(/[\x00-\x1f\x7f]/g, "").trim().slice(0, 200);
  const name = base || `${mediaId}.${EXTENSIONS[mimetype.split(";")[0]!.trim().toLowerCase()] ?? "bin"}`;
  const ascii = name.replace(/[^\x20-\x7e]|["\\%]/g, "_");
  const encoded = encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${ascii}"; filename*=UTF-8''${encoded}`;
}

/** GET …/media/{mediaId}: a received file, streamed from where the engine keeps it. */
export default async function mediaRoutes(app: FastifyInstance) {
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.get(
    "/api/v1/instances/:id/media/:mediaId",
    {
      // Not an instanceAction: what a download needs is in the database, so any node of a cluster serves it.
      config: { auth: "instance" },
      schema: {
        operationId: "getReceivedMedia",
        summary: "Download a received file (image, video, audio, document, sticker)",
        description:
          "Streams the file of a received media message, named by `data.media.mediaId` of its `message.received` webhook, with its MIME type, size and a file name (as an attachment). " +
          "With the Baileys engine the gateway fetches it from WhatsApp's servers on each call, so the instance need not be connected. " +
          "Files are kept for MEDIA_RETENTION_HOURS (default 7 days) after they arrived: after that 410; an id this instance never received is 404.",
        tags: ["Messages"],
        params: MediaParams,
        response: {
          200: {
            description: "The file, as an attachment, with Content-Type, Content-Length and Content-Disposition",
            content: { "application/octet-stream": { schema: z.string().describe("The file's bytes (served with the MIME type the sender announced)") } },
          },
          404: problem("No such instance, or no such received file of it"),
          410: problem("The file expired: it is no longer kept"),
          503: problem("WhatsApp's servers could not be reached; try again"),
        },
      },
    },
    async (request, reply) => {
      const file = await app.inboundMedia.open(request.params.id, request.params.mediaId);
      const type = MIME.test(file.mimetype) ? file.mimetype : "application/octet-stream";
      void reply
        .header("content-type", type)
        .header("content-length", String(file.size))
        .header("content-disposition", contentDisposition(file.mediaId, type, file.fileName))
        // Whatever the sender claims the file is, a browser never runs it in the gateway's origin.
        .header("content-security-policy", "default-src 'none'; sandbox");
      // A stream is sent as is (no serializer runs); the declared string schema only describes it.
      return reply.send(file.stream as unknown as string);
    },
  );
}
