package dev.selfheal.activities.config;

/**
 * How to restart the service without deploying.
 *
 * @param command run with {@code bash -c}
 * @param dir where the command runs; the deploy dir when the catalog names none
 */
public record RestartSpec(String command, String dir) {}
