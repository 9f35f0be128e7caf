package dev.selfheal.activities.fix.llm;

import java.util.List;

/**
 * LLM edits applied to a worktree.
 *
 * @param changedFiles repo-relative: the edited files, then the new regression test
 * @param model the model the server says answered
 * @param explanation the model's own account, single line; unverified, for logs and reviewers
 * @param tokensUsed input and output, over all attempts
 */
public record LlmEdit(List<String> changedFiles, String model, String explanation, long tokensUsed) {}
