import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { z } from "zod";
import { LoginRequest, NewPassword, Operator } from "@/contract/auth";
import { bffRequest } from "@/shared/lib/api-client";

export const loginFormSchema = LoginRequest;
export type LoginFormValues = z.infer<typeof loginFormSchema>;

const SignedIn = z.object({ operator: Operator, expiresAt: z.string() });

export function useLogin() {
  return useMutation({
    mutationFn: (values: LoginFormValues) => bffRequest("/bff/auth/login", { method: "POST", body: values, schema: SignedIn }),
  });
}

export function useSignOut() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: () => bffRequest<void>("/bff/auth/logout", { method: "POST" }),
    onSettled: () => {
      queryClient.clear();
      router.replace("/login?reason=signed-out");
    },
  });
}

export const changePasswordFormSchema = z
  .object({
    currentPassword: z.string().min(1, "Enter your current password"),
    newPassword: NewPassword,
    confirmPassword: z.string(),
  })
  .refine((v) => v.newPassword === v.confirmPassword, { path: ["confirmPassword"], message: "Passwords do not match" })
  .refine((v) => v.newPassword !== v.currentPassword, { path: ["newPassword"], message: "Choose a password different from the current one" });
export type ChangePasswordFormValues = z.infer<typeof changePasswordFormSchema>;

export function useChangePassword() {
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: ChangePasswordFormValues) =>
      bffRequest("/bff/auth/change-password", { method: "POST", body: { currentPassword, newPassword }, schema: SignedIn }),
  });
}
