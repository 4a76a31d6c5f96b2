import type { Multipart } from "@fastify/multipart";
import type { PrivacySettings, Profile, UpdatePrivacyRequest, UpdateProfileRequest } from "../../../../contract/profile";
import { DomainError } from "../../domain-error";
import type { EngineConnection } from "../../engines/engine";
import type { InstanceManager } from "../instances/instance-manager";
import type { InstanceRuntime } from "../instances/instance-runtime";
import { IMAGE_MIME, sniffImage, type ProfilePictures } from "./profile-picture";

/**
 * The linked account's own WhatsApp profile and privacy (docs/profile.md), through the instance's connection: 404 for
 * an unknown instance, 409 unless it is CONNECTED. Runs on the node holding the instance (the routes are
 * `instanceAction`s), since only that node has the socket.
 */
export class ProfileService {
  constructor(
    private readonly instances: InstanceManager,
    private readonly pictures: ProfilePictures,
  ) {}

  private async runtime(instanceId: string): Promise<InstanceRuntime> {
    await this.instances.repo.get(instanceId);
    return this.instances.runtime(instanceId);
  }

  /** The open connection; 404 for an unknown instance, 409 unless CONNECTED. */
  private async connection(instanceId: string): Promise<EngineConnection> {
    return (await this.runtime(instanceId)).connected();
  }

  private async read(connection: EngineConnection): Promise<Profile> {
    const [own, privacy] = await Promise.all([connection.ownProfile(), connection.privacy()]);
    return { ...own, privacy };
  }

  async get(instanceId: string): Promise<Profile> {
    return this.read(await this.connection(instanceId));
  }

  /** The about text first, then the name; answers once the instance record carries the new push name. */
  async update(instanceId: string, changes: UpdateProfileRequest): Promise<Profile> {
    const runtime = await this.runtime(instanceId);
    const connection = runtime.connected();
    if (changes.about !== undefined) await connection.setAbout(changes.about);
    if (changes.name !== undefined) {
      try {
        await connection.setName(changes.name);
      } catch (error) {
        if (error instanceof DomainError && changes.about !== undefined) throw new DomainError(error.kind, `${error.message}. The about text was set.`, undefined, error.retryAfterSeconds);
        throw error;
      }
      await runtime.settled();
    }
    return this.read(connection);
  }

  /** The picture's bytes and their type (told by the bytes); 404 when the account has none. */
  async picture(instanceId: string): Promise<{ bytes: Buffer; mimetype: string }> {
    const bytes = await (await this.connection(instanceId)).ownPicture();
    if (!bytes) throw new DomainError("not_found", "The account has no profile picture");
    const format = sniffImage(bytes);
    if (!format) throw new DomainError("unavailable", "WhatsApp's servers sent something that is not an image for the profile picture; try again", undefined, 5);
    return { bytes, mimetype: IMAGE_MIME[format] };
  }

  /**
   * Reads the upload, makes the square JPEG, and only then sets it: a refused upload (400, 413) changes nothing.
   * The connection is looked up before the form is read (409 at once) and again before the picture is set.
   */
  async setPicture(instanceId: string, parts: AsyncIterable<Multipart>): Promise<Profile> {
    const runtime = await this.runtime(instanceId);
    runtime.connected();
    const jpeg = await this.pictures.toSquareJpeg(await this.pictures.receive(parts));
    const connection = runtime.connected();
    await connection.setPicture(jpeg);
    return this.read(connection);
  }

  async removePicture(instanceId: string): Promise<Profile> {
    const connection = await this.connection(instanceId);
    await connection.removePicture();
    return this.read(connection);
  }

  async privacy(instanceId: string): Promise<PrivacySettings> {
    return (await this.connection(instanceId)).privacy();
  }

  async setPrivacy(instanceId: string, changes: UpdatePrivacyRequest): Promise<PrivacySettings> {
    const connection = await this.connection(instanceId);
    await connection.setPrivacy(changes);
    return connection.privacy();
  }
}
