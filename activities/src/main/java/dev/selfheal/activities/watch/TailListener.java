package dev.selfheal.activities.watch;

/** Receives what a {@link FileTailer} reads, in file order. */
interface TailListener {
  void line(TailLine line);

  /**
   * The file that the last lines came from is done (rotated away and read to its end, or
   * truncated): nothing more will continue them, and the next line is from offset 0 of another.
   */
  void fileEnded();
}
