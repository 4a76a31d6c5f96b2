// Form schemas, loaded with their dialog or on the form's first validation (`lazyZodResolver`), not with the page.
import { z } from "zod";
import { CreateInstanceRequest } from "@/contract/instances";

export const createInstanceFormSchema = CreateInstanceRequest.pick({ name: true }).extend({
  browserPreset: z.string(),
});
export type CreateInstanceFormValues = z.input<typeof createInstanceFormSchema>;

export const pairingFormSchema = z.object({
  phoneNumber: z
    .string()
    .trim()
    .transform((s) => s.replace(/[\s()+-]/g, ""))
    .pipe(z.string().regex(/^[1-9]\d{6,14}$/, "Enter the full number with country code, digits only (e.g. 4915123456789)")),
});
export type PairingFormValues = z.input<typeof pairingFormSchema>;
