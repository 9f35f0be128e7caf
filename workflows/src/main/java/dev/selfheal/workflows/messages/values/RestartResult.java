package dev.selfheal.workflows.messages.values;

/** What a restart command did: exit code (-1 if it could not run or was killed) and its output's tail. */
public record RestartResult(int exitCode, long durationMillis, String outputTail) {}
