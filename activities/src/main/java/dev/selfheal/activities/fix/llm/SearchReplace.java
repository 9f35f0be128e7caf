package dev.selfheal.activities.fix.llm;

/** One edit a model asked for: in {@code file}, the one place that reads {@code search} becomes {@code replace}. */
public record SearchReplace(String file, String search, String replace) {}
