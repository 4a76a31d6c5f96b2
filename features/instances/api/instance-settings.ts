import { mutationOptions, queryOptions } from "@tanstack/react-query";
import { InstanceSettings, InstanceSettingsUpdate, type UpdateInstanceSettingsRequest } from "@/contract/instance-settings";
import { bffTransport, type Transport } from "@/shared/lib/api-client";
import { instanceKeys, whenGone } from "./instances";

// An instance's behaviour settings (GET|PATCH /api/v1/instances/{id}/settings), for the browser and the panel's server.

const settingsPath = (id: string) => `/api/v1/instances/${encodeURIComponent(id)}/settings`;

export const instanceSettingsOptions = (id: string, transport: Transport = bffTransport) =>
  queryOptions({
    queryKey: instanceKeys.settings(id),
    queryFn: async ({ signal, client }) => {
      try {
        return await transport.request(settingsPath(id), { schema: InstanceSettings, signal });
      } catch (error) {
        throw whenGone(client, id, error);
      }
    },
  });

export const updateInstanceSettingsMutation = (id: string) =>
  mutationOptions({
    mutationFn: (body: UpdateInstanceSettingsRequest) => bffTransport.request(settingsPath(id), { method: "PATCH", body, schema: InstanceSettingsUpdate }),
    onSuccess: ({ settings }, _body, _result, { client }) => {
      client.setQueryData(instanceKeys.settings(id), settings);
      // The watchdog's fields are the same values as GET …/watchdog, and the device name is the instance's browser.
      void client.invalidateQueries({ queryKey: instanceKeys.watchdog(id), exact: true });
      void client.invalidateQueries({ queryKey: instanceKeys.detail(id), exact: true });
    },
    meta: {
      successToast: ({ restart, restartFor }: InstanceSettingsUpdate) =>
        restart
          ? { title: "Settings saved", description: `The session restarts to apply ${restartFor.map((name) => (name === "deviceName" ? "the device name" : "full history sync")).join(" and ")}; no QR needed.` }
          : "Settings saved",
      errorToast: (error) => ({ title: "Could not save the settings", description: error.message }),
    },
  });
