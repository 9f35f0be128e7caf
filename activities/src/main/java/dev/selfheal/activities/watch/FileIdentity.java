package dev.selfheal.activities.watch;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Objects;

/**
 * Which file a name points at: the file system's key (device and inode on Unix) where there is
 * one, and a hash of the file's first bytes, which tells files apart where there is no key and
 * catches a reused inode (or a truncated and rewritten file) where there is.
 *
 * @param fileKey null where the file system has none
 * @param headHash hex SHA-256 of the first {@code headLength} bytes
 */
record FileIdentity(String fileKey, String headHash, int headLength) {
  /** Bytes hashed: enough to tell two logs apart by their first line's timestamp and text. */
  static final int HEAD_BYTES = 256;

  /** The identity of the file open in {@code channel}. */
  static FileIdentity of(FileChannel channel, Object fileKey) throws IOException {
    int length = (int) Math.min(HEAD_BYTES, channel.size());
    return new FileIdentity(fileKey == null ? null : fileKey.toString(), headHash(channel, length), length);
  }

  /** The identity of the file now at {@code path}, or null when there is none. */
  static FileIdentity at(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      return of(channel, Files.readAttributes(path, BasicFileAttributes.class).fileKey());
    } catch (NoSuchFileException gone) {
      return null;
    }
  }

  /**
   * Whether {@code other}, read later, is the same file: the same key, and the bytes this one
   * hashed still there (a file that grew keeps its head; one that was truncated or replaced does
   * not).
   */
  boolean sameFileAs(FileIdentity other, FileChannel otherChannel) throws IOException {
    if (!Objects.equals(fileKey, other.fileKey)) {
      return false;
    }
    if (other.headLength == headLength) {
      return headHash.equals(other.headHash);
    }
    return otherChannel.size() >= headLength && headHash.equals(headHash(otherChannel, headLength));
  }

  /** Whether the file at {@code path} is this one; false when there is none. */
  boolean sameFileAs(Path path) throws IOException {
    try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
      Object key = Files.readAttributes(path, BasicFileAttributes.class).fileKey();
      return sameFileAs(of(channel, key), channel);
    } catch (NoSuchFileException gone) {
      return false;
    }
  }

  static String headHash(FileChannel channel, int length) throws IOException {
    ByteBuffer head = ByteBuffer.allocate(length);
    while (head.hasRemaining() && channel.read(head, head.position()) > 0) {
      // read until the head is full; a file shorter than length was never asked for
    }
    try {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      sha.update(head.array(), 0, head.position());
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
