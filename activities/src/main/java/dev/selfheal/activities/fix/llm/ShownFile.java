package dev.selfheal.activities.fix.llm;

/**
 * A file of the causal chain as the model sees it.
 *
 * @param path repo-relative, tracked
 * @param text what the prompt carries: redacted, and cut at a line end when the file is too long
 * @param truncated whether the end of the file was left out
 * @param fullLength the file's length in characters, to say how much was left out
 * @param redactions how many secrets were replaced by markers
 */
record ShownFile(String path, String text, boolean truncated, int fullLength, int redactions) {}
