package dev.selfheal.activities.config;

/** How a log source is read; {@code AUTO} goes by the file name ({@code .jsonl} is JSONL). */
public enum LogFormat {
  JSONL,
  PLAIN,
  AUTO
}
