import { mutationOptions, queryOptions, type QueryClient } from "@tanstack/react-query";
import { PrivacySettings, Profile, type UpdatePrivacyRequest, type UpdateProfileRequest } from "@/contract/profile";
import { bffTransport, errorFromResponse, type Transport } from "@/shared/lib/api-client";
import { instanceKeys, whenGone } from "./instances";

// The linked account's own WhatsApp profile and privacy (GET|PATCH /api/v1/instances/{id}/profile…). The gateway
// asks WhatsApp at each read, so it answers only while the instance is CONNECTED (409 otherwise).

const at = (id: string, suffix = "") => `/api/v1/instances/${encodeURIComponent(id)}/profile${suffix}`;

/**
 * The picture's bytes, through the panel's server (never WhatsApp's own, tokened address). The gateway answers
 * `no-store`; `version` (when the profile last changed) keys a new read after every write.
 */
export const profilePictureOptions = (id: string, version: string | number) =>
  queryOptions({
    queryKey: [...instanceKeys.profile(id), "picture", version] as const,
    queryFn: async ({ signal }) => {
      const response = await fetch(`/bff${at(id, "/picture")}`, { credentials: "same-origin", cache: "no-store", signal });
      if (!response.ok) throw await errorFromResponse(response);
      return response.blob();
    },
    staleTime: Infinity,
    retry: false,
  });

export const instanceProfileOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.profile(id),
    queryFn: async ({ signal, client }) => {
      try {
        return await transport.request(at(id), { schema: Profile, signal });
      } catch (error) {
        throw whenGone(client, id, error);
      }
    },
    // WhatsApp is asked at each read: no refetch on every focus.
    staleTime: 60_000,
    retry: false,
  });

/** A write answers with the profile as it is now: the cache takes it as is. */
const keep = (id: string) => (profile: Profile, _body: unknown, _result: unknown, { client }: { client: QueryClient }) => {
  client.setQueryData(instanceKeys.profile(id), profile);
};

export const updateProfileMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdateProfileRequest) => bffTransport.request(at(id), { method: "PATCH", body, schema: Profile }),
    onSuccess: keep(id),
    meta: { successToast: () => "Profile saved", errorToast: (error) => ({ title: "Could not save the profile", description: error.message }) },
  });

export const setProfilePictureMutation = (id: string) =>
  mutationOptions({
    mutationFn: (file: File) => {
      const form = new FormData();
      form.append("file", file);
      return bffTransport.request(at(id, "/picture"), { method: "PUT", body: form, schema: Profile });
    },
    onSuccess: keep(id),
    meta: { successToast: () => "Profile picture set", errorToast: (error) => ({ title: "Could not set the picture", description: error.message }) },
  });

export const removeProfilePictureMutation = (id: string) =>
  mutationOptions({
    mutationFn: () => bffTransport.request(at(id, "/picture"), { method: "DELETE", schema: Profile }),
    onSuccess: keep(id),
    meta: { successToast: () => "Profile picture removed", errorToast: (error) => ({ title: "Could not remove the picture", description: error.message }) },
  });

export const updatePrivacyMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdatePrivacyRequest) => bffTransport.request(at(id, "/privacy"), { method: "PATCH", body, schema: PrivacySettings }),
    onSuccess: (privacy, _body, _result, { client }) => client.setQueryData<Profile>(instanceKeys.profile(id), (old) => (old ? { ...old, privacy } : old)),
    meta: { successToast: () => "Privacy settings saved", errorToast: (error) => ({ title: "Could not save the privacy settings", description: error.message }) },
  });
