package dev.selfheal.activities.fix.guard;

/** One rule's objection to one file, before the guard names the file. */
record Refusal(GuardRule rule, String detail) {}
