"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import { ImageUp, Trash2, UserRound } from "lucide-react";
import { useEffect, useMemo, useRef, useState } from "react";
import { PROFILE_PICTURE_SIZE, type Profile } from "@/contract/profile";
import { ConfirmDialog } from "@/shared/components/confirm-dialog";
import { InlineLoadError } from "@/shared/components/feedback/load-error-state";
import { Button } from "@/shared/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/shared/ui/card";
import { Separator } from "@/shared/ui/separator";
import { Skeleton } from "@/shared/ui/skeleton";
import { instanceProfileOptions, profilePictureOptions, removeProfilePictureMutation, setProfilePictureMutation } from "../../api/instance-profile";
import { instanceDetailOptions } from "../../api/instances";
import { PrivacyForm } from "./privacy-form";
import { ProfileForm } from "./profile-form";

const ACCEPTED = "image/jpeg,image/png,image/webp";

/** The picture, read as bytes and shown from a blob: URL (revoked when it changes or leaves). */
function PictureImage({ instanceId, version }: { instanceId: string; version: string | number }) {
  const picture = useQuery(profilePictureOptions(instanceId, version));
  const src = useMemo(() => (picture.data ? URL.createObjectURL(picture.data) : undefined), [picture.data]);
  useEffect(() => () => {
    if (src) URL.revokeObjectURL(src);
  }, [src]);
  if (picture.isError) return <InlineLoadError what="Could not load the picture" error={picture.error} className="w-40" />;
  if (!src) return <Skeleton className="size-20 rounded-full" />;
  // eslint-disable-next-line @next/next/no-img-element -- a blob: URL of an authenticated image: next/image cannot optimise it
  return <img src={src} alt="Profile picture" width={80} height={80} className="size-20 rounded-full border object-cover" />;
}

function ProfilePicture({ instanceId, profile, version }: { instanceId: string; profile: Profile; version: number }) {
  const input = useRef<HTMLInputElement>(null);
  const [confirmRemove, setConfirmRemove] = useState(false);
  const upload = useMutation(setProfilePictureMutation(instanceId));
  const remove = useMutation(removeProfilePictureMutation(instanceId));
  const busy = upload.isPending || remove.isPending;
  return (
    <div className="flex flex-wrap items-center gap-4">
      {profile.hasPicture ? (
        <PictureImage instanceId={instanceId} version={profile.pictureUpdatedAt ?? version} />
      ) : (
        <div className="flex size-20 items-center justify-center rounded-full border bg-muted text-muted-foreground" role="img" aria-label="No profile picture">
          <UserRound className="size-8" aria-hidden />
        </div>
      )}
      <div className="flex flex-col gap-2">
        <div className="flex flex-wrap gap-2">
          <input
            ref={input}
            type="file"
            accept={ACCEPTED}
            className="sr-only"
            tabIndex={-1}
            aria-hidden
            data-testid="profile-picture-input"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = "";
              if (file) upload.mutate(file);
            }}
          />
          <Button type="button" variant="outline" size="sm" disabled={busy} onClick={() => input.current?.click()}>
            <ImageUp className="size-4" aria-hidden /> {upload.isPending ? "Uploading…" : profile.hasPicture ? "Change picture" : "Upload picture"}
          </Button>
          {profile.hasPicture ? (
            <Button type="button" variant="ghost" size="sm" disabled={busy} onClick={() => setConfirmRemove(true)}>
              <Trash2 className="size-4" aria-hidden /> Remove
            </Button>
          ) : null}
        </div>
        <p className="text-xs text-muted-foreground">
          JPEG, PNG or WebP. The gateway crops it to a centred square of {PROFILE_PICTURE_SIZE} px.
        </p>
      </div>
      <ConfirmDialog
        open={confirmRemove}
        onOpenChange={setConfirmRemove}
        title="Remove the profile picture?"
        description="Contacts will see the default picture. WhatsApp keeps no copy to restore: upload it again to bring it back."
        confirmLabel="Remove picture"
        onConfirm={() => {
          remove.mutate();
          setConfirmRemove(false);
        }}
      />
    </div>
  );
}

/** The linked account's own profile and privacy, read from WhatsApp: only while the instance is connected. */
export function ProfileCard({ instanceId }: { instanceId: string }) {
  const { data: instance } = useQuery(instanceDetailOptions(instanceId));
  const connected = instance?.status === "CONNECTED";
  const profile = useQuery({ ...instanceProfileOptions(instanceId), enabled: connected });
  return (
    <Card data-testid="profile-card">
      <CardHeader>
        <CardTitle className="flex items-center gap-2">
          <UserRound className="size-4" aria-hidden /> WhatsApp profile
        </CardTitle>
        <CardDescription>What contacts see of this number, read from WhatsApp.</CardDescription>
      </CardHeader>
      <CardContent className="flex flex-col gap-5">
        {!connected ? (
          <p className="text-sm text-muted-foreground">Connect the instance to see and change its profile: WhatsApp answers only a linked session.</p>
        ) : profile.isPending ? (
          <div className="flex flex-col gap-3" aria-label="Loading the profile">
            <Skeleton className="size-20 rounded-full" />
            <Skeleton className="h-9 w-full" />
            <Skeleton className="h-16 w-full" />
          </div>
        ) : profile.isError ? (
          <InlineLoadError what="Could not load the profile" error={profile.error} onRetry={() => void profile.refetch()} />
        ) : (
          <>
            <ProfilePicture instanceId={instanceId} profile={profile.data} version={profile.dataUpdatedAt} />
            <ProfileForm instanceId={instanceId} profile={profile.data} />
            <Separator />
            <PrivacyForm instanceId={instanceId} privacy={profile.data.privacy} />
          </>
        )}
      </CardContent>
    </Card>
  );
}
