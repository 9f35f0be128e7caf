package dev.selfheal.workflows.messages.values;

/**
 * One restart a supervisor made, in workflow time.
 *
 * @param exitCode the restart command's exit code; -1 when it could not run or was killed
 * @param outputTail the last lines of its output, bounded
 */
public record RestartRecord(
    long crashedAtMillis, long backoffSeconds, long restartedAtMillis, int exitCode, long durationMillis, String outputTail) {}
