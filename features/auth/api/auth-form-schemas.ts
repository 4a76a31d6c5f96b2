// Form schemas, loaded with the form's first validation (`lazyZodResolver`), not with the page.
import { z } from "zod";
import { LoginRequest, NewPassword } from "@/contract/auth";

export const loginFormSchema = LoginRequest;

export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: NewPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "Passwords do not match" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one" });
export type ChangePasswordFormValues = z.infer<typeof changePasswordFormSchema>;
