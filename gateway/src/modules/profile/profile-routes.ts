import multipart from "@fastify/multipart";
import type { FastifyInstance } from "fastify";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { z } from "zod";
import { InstanceIdParams } from "../../../../contract/instances";
import { PRIVACY_OPTIONS, PROFILE_ABOUT_MAX, PROFILE_NAME_MAX, PrivacySettings, Profile, ProfilePictureUpload, UpdatePrivacyRequest, UpdateProfileRequest } from "../../../../contract/profile";
import { invalidInput } from "../../domain-error";
import { json, problem } from "../../plugins/openapi";
import { exceptForms } from "../messages/message-routes";
import type { ProfilePictures } from "./profile-picture";

const TAGS = ["Profile"];
const MULTIPART = "multipart/form-data";
const notFound = problem("No such instance");
const notConnected = problem("The instance is not CONNECTED");
const refused = problem("WhatsApp refused the change");
const noAnswer = problem("WhatsApp did not answer; try again after Retry-After seconds");
const privacyValues = Object.entries(PRIVACY_OPTIONS)
  .map(([setting, values]) => `\`${setting}\`: ${values.map((v) => `\`${v}\``).join(", ")}`)
  .join("; ");

/**
 * The linked account's own WhatsApp profile and privacy (docs/profile.md). Every route acts through the instance's
 * session, so in a cluster it runs on the node holding it (`instanceAction`; a picture upload is passed on as it
 * streams in). Instance tokens may read and change their own account's profile, as they may send as it.
 */
export default async function profileRoutes(app: FastifyInstance, { pictures }: { pictures: ProfilePictures }) {
  const r = app.withTypeProvider<ZodTypeProvider>();
  const { profiles } = app;

  r.get(
    "/api/v1/instances/:id/profile",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "getProfile",
        summary: "The linked account's display name, about text, whether it has a picture, and its privacy settings",
        description: "Read from WhatsApp at each call. The picture itself is `GET …/profile/picture`. 409 unless the instance is CONNECTED.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The profile", Profile), 404: notFound, 409: notConnected, 503: noAnswer },
      },
    },
    async (request) => profiles.get(request.params.id),
  );

  r.patch(
    "/api/v1/instances/:id/profile",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "updateProfile",
        summary: "Set the linked account's display name and/or about text",
        description: `WhatsApp's limits: the name 1 to ${PROFILE_NAME_MAX} characters, the about text 1 to ${PROFILE_ABOUT_MAX}, both trimmed, no line breaks. The instance's \`pushName\` follows a new name (an \`instance.updated\` event) before the answer. Answers with the profile as it is now. 409 unless the instance is CONNECTED.`,
        tags: TAGS,
        params: InstanceIdParams,
        body: UpdateProfileRequest,
        response: { 200: json("The profile as it is now", Profile), 404: notFound, 409: notConnected, 422: refused, 503: noAnswer },
      },
    },
    async (request) => profiles.update(request.params.id, request.body),
  );

  r.get(
    "/api/v1/instances/:id/profile/picture",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "getProfilePicture",
        summary: "The linked account's profile picture (the image itself)",
        description:
          "The picture's bytes, fetched by the gateway from WhatsApp's servers at each call: WhatsApp's own picture URL carries access tokens and never leaves the gateway. Served with `Cache-Control: no-store`. 404 when the account has no picture; 409 unless the instance is CONNECTED.",
        tags: TAGS,
        params: InstanceIdParams,
        response: {
          200: { description: "The picture (JPEG: the type follows the bytes)", content: { "image/jpeg": { schema: z.string().describe("The picture's bytes") } } },
          404: problem("No such instance, or the account has no profile picture"),
          409: notConnected,
          503: problem("WhatsApp's servers could not be reached; try again"),
        },
      },
    },
    async (request, reply) => {
      const { bytes, mimetype } = await profiles.picture(request.params.id);
      // Never cached by a browser or proxy (no-store comes with every answer): the picture is the account's to change.
      void reply.header("content-type", mimetype).header("content-security-policy", "default-src 'none'; sandbox");
      return reply.send(bytes as unknown as string);
    },
  );

  // The upload route alone takes multipart/form-data; the parser only marks the request, so the cluster's preHandler
  // can still pass the raw body on to the instance's node untouched (as the send route does).
  await app.register(async (scope) => {
    await scope.register(multipart, { limits: pictures.formLimits, throwFileSizeLimit: false });
    scope.withTypeProvider<ZodTypeProvider>().put(
      "/api/v1/instances/:id/profile/picture",
      {
        config: { auth: "instance", instanceAction: true },
        schema: {
          operationId: "setProfilePicture",
          summary: "Set the linked account's profile picture from an uploaded image (cropped to a centred square)",
          description:
            "Send the image as `multipart/form-data`, one file part named `file` (e.g. `curl -X PUT -F file=@logo.png`). JPEG, PNG or WebP, told by the bytes (a file's name or declared type is not trusted: anything else is a 400), up to `PROFILE_PICTURE_MAX_MIB` (default 5 MiB; larger is a 413 as it arrives). The gateway crops the centred square, scales it to 640×640 and sets it as JPEG. A refused upload changes nothing. Answers with the profile as it is now. 409 unless the instance is CONNECTED.",
          tags: TAGS,
          params: InstanceIdParams,
          body: { content: { [MULTIPART]: { schema: ProfilePictureUpload } } },
          response: {
            200: json("The profile as it is now", Profile),
            404: notFound,
            409: notConnected,
            413: problem("The image is larger than PROFILE_PICTURE_MAX_MIB"),
            422: refused,
            503: noAnswer,
          },
        },
        validatorCompiler: exceptForms,
      },
      async (request, reply) => {
        if (!request.isMultipart()) throw invalidInput("body", "must be multipart/form-data with the image as a file part named file (e.g. curl -X PUT -F file=@photo.jpg)");
        try {
          return await profiles.setPicture(request.params.id, request.parts());
        } catch (error) {
          // Refused before the whole form was read: close the connection rather than read the rest of the file.
          if (!request.raw.readableEnded) void reply.header("connection", "close");
          throw error;
        }
      },
    );
  });

  r.delete(
    "/api/v1/instances/:id/profile/picture",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "removeProfilePicture",
        summary: "Remove the linked account's profile picture",
        description: "Answers with the profile as it is now (also when there was no picture). 409 unless the instance is CONNECTED.",
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The profile as it is now", Profile), 404: notFound, 409: notConnected, 422: refused, 503: noAnswer },
      },
    },
    async (request) => profiles.removePicture(request.params.id),
  );

  r.get(
    "/api/v1/instances/:id/profile/privacy",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "getPrivacySettings",
        summary: "The linked account's privacy settings: last seen, online, picture, about, read receipts, groups add",
        description: `Read from WhatsApp at each call. Values: ${privacyValues}. A value WhatsApp reports that this gateway does not know shows as null. 409 unless the instance is CONNECTED.`,
        tags: TAGS,
        params: InstanceIdParams,
        response: { 200: json("The privacy settings", PrivacySettings), 404: notFound, 409: notConnected, 503: noAnswer },
      },
    },
    async (request) => profiles.privacy(request.params.id),
  );

  r.patch(
    "/api/v1/instances/:id/profile/privacy",
    {
      config: { auth: "instance", instanceAction: true },
      schema: {
        operationId: "updatePrivacySettings",
        summary: "Change some of the linked account's privacy settings",
        description: `Only the settings named change, one after another (if WhatsApp refuses one, the error says which were set before it). Values: ${privacyValues}; \`contact_blacklist\` means "my contacts except…", the exceptions being chosen on the phone. Answers with the settings as WhatsApp reports them now. 409 unless the instance is CONNECTED.`,
        tags: TAGS,
        params: InstanceIdParams,
        body: UpdatePrivacyRequest,
        response: { 200: json("The privacy settings as they are now", PrivacySettings), 404: notFound, 409: notConnected, 422: refused, 503: noAnswer },
      },
    },
    async (request) => profiles.setPrivacy(request.params.id, request.body),
  );
}
