import * as z from "zod/mini";
import { NewPassword } from "@/contract/auth";

export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string().check(z.minLength(1, "Enter your current password")),
    newPassword: NewPassword,
    confirmPassword: z.string(),
  })
  .check(
    z.refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "Passwords do not match" }),
    z.refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one" }),
  );
export type ChangePasswordFormValues = z.infer<typeof changePasswordFormSchema>;
