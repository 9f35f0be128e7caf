package dev.selfheal.activities.config;

/**
 * A log file of the service, read for diagnosis.
 *
 * @param path the file as the worker sees it
 * @param format how its lines are read
 */
public record LogSource(String path, LogFormat format) {}
