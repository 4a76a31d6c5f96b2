import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { SignedIn } from "@/contract/auth";
import { bffRequest } from "@/shared/lib/api-client";
import type { ChangePasswordFormValues } from "./auth-form-schemas";

// The panel's own session routes: the BFF signs out and changes the password with the gateway and keeps the token
// server-side, so these are BFF paths (not gateway paths behind the BFF). Signing in is the sign-in form's server
// action (sign-in-action.ts), which sets the same cookie as POST /bff/auth/login.
const authPaths = {
  logout: "/bff/auth/logout",
  changePassword: "/bff/auth/change-password",
};

export function useSignOut() {
  const queryClient = useQueryClient();
  const router = useRouter();
  return useMutation({
    mutationFn: () => bffRequest<void>(authPaths.logout, { method: "POST" }),
    onSettled: () => {
      queryClient.clear();
      router.replace("/login?reason=signed-out");
    },
  });
}

export function useChangePassword() {
  return useMutation({
    mutationFn: ({ currentPassword, newPassword }: ChangePasswordFormValues) =>
      bffRequest(authPaths.changePassword, { method: "POST", body: { currentPassword, newPassword }, schema: SignedIn }),
  });
}
