import { useMutation, useQueryClient, type QueryClient } from "@tanstack/react-query";
import { toast } from "@/shared/lib/toast";
import type { CreateInstanceRequest, Instance } from "@/contract/instances";
import { bffRequest } from "@/shared/lib/api-client";
import { instanceKeys } from "./query-keys";

/** Writes a fresh snapshot into list and detail, unless the cache already holds something newer. */
export function storeInstance(queryClient: QueryClient, instance: Instance) {
  queryClient.setQueryData<Instance>(instanceKeys.detail(instance.id), (old) => (old && old.seq > instance.seq ? old : instance));
  queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) =>
    list?.map((item) => (item.id === instance.id && item.seq <= instance.seq ? instance : item)),
  );
}

const path = (id: string, suffix = "") => `/bff/api/v1/instances/${encodeURIComponent(id)}${suffix}`;

export function useCreateInstance() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (body: CreateInstanceRequest) => bffRequest(`/bff/api/v1/instances`, { method: "POST", body, schema: (c) => c.Instance }),
    onSuccess: (instance) => {
      storeInstance(queryClient, instance);
      // Live events may have raced ahead of this response before the cache knew the instance: refetch both.
      void queryClient.invalidateQueries({ queryKey: instanceKeys.list() });
      void queryClient.invalidateQueries({ queryKey: instanceKeys.detail(instance.id) });
      toast.success(`Instance "${instance.name}" created`, { description: "Scan the QR code with WhatsApp to link the number." });
    },
  });
}

export function useRenameInstance(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (name: string) => bffRequest(path(id), { method: "PATCH", body: { name }, schema: (c) => c.Instance }),
    onSuccess: (instance) => {
      storeInstance(queryClient, instance);
      toast.success("Instance renamed");
    },
    onError: (error) => toast.error("Could not rename the instance", { description: error.message }),
  });
}

export type InstanceAction = "connect" | "restart" | "logout" | "reset";

export const ACTION_COPY: Record<InstanceAction | "delete", { label: string; done: string; explain: string; destructive: boolean }> = {
  connect: { label: "Reconnect", done: "Connecting", explain: "Open a new connection; shows a QR if the number is not linked.", destructive: false },
  restart: { label: "Restart", done: "Restarting", explain: "End the connection and open a new one. The number stays linked.", destructive: false },
  logout: { label: "Log out", done: "Logged out", explain: "Unlink this device from the phone. The instance stays and shows a new QR.", destructive: true },
  reset: { label: "Reset", done: "Reset", explain: "Forget the linked device and its keys, then start over with a fresh QR.", destructive: true },
  delete: { label: "Delete", done: "Deleted", explain: "Log out, wipe the auth state and remove the instance for good.", destructive: true },
};

/** Runs one lifecycle action on one instance and keeps the cache accurate (bulk actions call it per row). */
export async function runInstanceAction(queryClient: QueryClient, id: string, action: InstanceAction | "delete") {
  if (action === "delete") {
    await bffRequest<void>(path(id), { method: "DELETE" });
    queryClient.setQueryData<Instance[]>(instanceKeys.list(), (list) => list?.filter((i) => i.id !== id));
    queryClient.removeQueries({ queryKey: instanceKeys.detail(id) });
    return;
  }
  storeInstance(queryClient, await bffRequest(path(id, `/${action}`), { method: "POST", schema: (c) => c.Instance }));
}

export function useInstanceAction(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (action: InstanceAction | "delete") => runInstanceAction(queryClient, id, action),
    onSuccess: (_data, action) => toast.success(ACTION_COPY[action].done),
    onError: (error, action) => toast.error(`${ACTION_COPY[action].label} failed`, { description: error.message }),
  });
}

export function useRequestPairingCode(id: string) {
  return useMutation({
    mutationFn: (phoneNumber: string) => bffRequest(path(id, "/pairing-code"), { method: "POST", body: { phoneNumber }, schema: (c) => c.PairingCodeResponse }),
    onError: (error) => toast.error("Could not get a pairing code", { description: error.message }),
  });
}

/** Sandbox engine only: what the simulated phone does. */
export function useSandboxAction(id: string) {
  return useMutation({
    mutationFn: (input: { kind: "scan"; pushName?: string } | { kind: "disconnect"; code: number } | { kind: "inbound"; from: string; text: string }) => {
      const { kind, ...body } = input;
      return bffRequest(`/bff/api/v1/sandbox/instances/${encodeURIComponent(id)}/${kind}`, { method: "POST", body });
    },
    onSuccess: (_data, input) =>
      toast.success(input.kind === "scan" ? "Simulated scan sent" : input.kind === "disconnect" ? `Simulated disconnect ${input.code}` : "Inbound message delivered"),
    onError: (error) => toast.error("Sandbox action failed", { description: error.message }),
  });
}
