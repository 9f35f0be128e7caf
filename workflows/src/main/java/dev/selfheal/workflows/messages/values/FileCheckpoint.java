package dev.selfheal.workflows.messages.values;

/**
 * Where a watcher is in one log file. The identity says which file the offset belongs to, so a
 * rotated or replaced file is never read from another file's offset.
 *
 * @param path the watched name
 * @param fileKey the file system's key (device and inode on Unix); null where there is none
 * @param headHash hex SHA-256 of the file's first {@code headLength} bytes, the identity where
 *     there is no key and a check against a reused inode where there is
 * @param offset bytes consumed: everything before is part of an event already counted; the line
 *     starting here is read again on resume
 * @param skippingLongLine the bytes at {@code offset} are the tail of a line longer than the
 *     watcher keeps, to be dropped up to its newline
 */
public record FileCheckpoint(
    String path, String fileKey, String headHash, int headLength, long offset, boolean skippingLongLine) {}
