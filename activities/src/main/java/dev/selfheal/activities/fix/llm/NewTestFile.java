package dev.selfheal.activities.fix.llm;

/** The regression test a model wrote: a file that must not exist yet, with its whole content. */
public record NewTestFile(String file, String content) {}
