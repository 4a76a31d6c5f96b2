import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { LoginRequest } from "@/contract/auth";
import { bffRequest } from "@/shared/lib/api-client";
import type { ChangePasswordFormValues } from "./auth-form-schemas";

export type LoginFormValues = LoginRequest;

export function useLogin() {
  return useMutation({
    mutationFn: (values: LoginFormValues) => bffRequest("/bff/auth/login", { method: "POST", body: values, schema: (c) => c.SignedIn }),
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

export function useChangePassword() {
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: ChangePasswordFormValues) =>
      bffRequest("/bff/auth/change-password", { method: "POST", body: { currentPassword, newPassword }, schema: (c) => c.SignedIn }),
  });
}
