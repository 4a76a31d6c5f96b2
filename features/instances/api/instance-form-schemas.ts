import * as z from "zod/mini";
import { CreateInstanceRequest } from "@/contract/instances";

export const createInstanceFormSchema = z.extend(z.pick(CreateInstanceRequest, { name: true }), {
  browserPreset: z.string(),
});
export type CreateInstanceFormValues = z.input<typeof createInstanceFormSchema>;

export const pairingFormSchema = z.object({
  phoneNumber: z.pipe(
    z.pipe(
      z.string().check(z.trim()),
      z.transform((s: string) => s.replace(/[\s()+-]/g, "")),
    ),
    z.string().check(z.regex(/^[1-9]\d{6,14}$/, "Enter the full number with country code, digits only (e.g. 4915123456789)")),
  ),
});
