package dev.selfheal.activities.watch;

/**
 * One complete line of a followed file.
 *
 * @param text without its line break, decoded as UTF-8; cut at {@link FileTailer#MAX_LINE_BYTES}
 * @param start byte offset of its first byte in the file it was read from
 * @param end byte offset just after its line break
 */
record TailLine(String text, long start, long end) {}
