package dev.selfheal.starter.connect;

import java.util.List;

/**
 * Every environment variable selfheal's processes read, in one place: the CLI's options take
 * their defaults from these, and the compose-file test checks the stack sets nothing else.
 */
public final class EnvVars {
  /** Temporal frontend, host:port. */
  public static final String TEMPORAL_ADDRESS = "TEMPORAL_ADDRESS";
  /** Temporal namespace. */
  public static final String TEMPORAL_NAMESPACE = "TEMPORAL_NAMESPACE";
  /** Path of the services catalog (YAML). */
  public static final String SELFHEAL_CATALOG = "SELFHEAL_CATALOG";
  /** Folder where workers keep worktrees, tickets, lessons. */
  public static final String SELFHEAL_WORKSPACE = "SELFHEAL_WORKSPACE";
  /** This host's id; names its repair queue, so it must stay the same across restarts on one disk. */
  public static final String SELFHEAL_HOST_ID = "SELFHEAL_HOST_ID";
  /** Comma-separated capabilities a worker serves: orchestration, io, repair. */
  public static final String SELFHEAL_QUEUES = "SELFHEAL_QUEUES";
  /** Port of the worker's /health endpoint (0 = off). */
  public static final String SELFHEAL_HEALTH_PORT = "SELFHEAL_HEALTH_PORT";
  /** Root log level of the apps (logback). */
  public static final String SELFHEAL_LOG_LEVEL = "SELFHEAL_LOG_LEVEL";
  /** Folder of a team's playbook files (known fixes), checked before the built-in ones. */
  public static final String SELFHEAL_PLAYBOOKS = "SELFHEAL_PLAYBOOKS";
  /** Optional LLM for diagnosis advice: openai (any OpenAI-compatible server) or anthropic; unset = none. */
  public static final String SELFHEAL_LLM_PROVIDER = "SELFHEAL_LLM_PROVIDER";
  public static final String SELFHEAL_LLM_URL = "SELFHEAL_LLM_URL";
  public static final String SELFHEAL_LLM_MODEL = "SELFHEAL_LLM_MODEL";
  public static final String SELFHEAL_LLM_API_KEY = "SELFHEAL_LLM_API_KEY";
  public static final String SELFHEAL_LLM_TIMEOUT = "SELFHEAL_LLM_TIMEOUT";
  public static final String SELFHEAL_LLM_MAX_TOKENS = "SELFHEAL_LLM_MAX_TOKENS";
  public static final String SELFHEAL_LLM_TOKEN_BUDGET = "SELFHEAL_LLM_TOKEN_BUDGET";
  public static final String SELFHEAL_LLM_RESPONSE_FORMAT = "SELFHEAL_LLM_RESPONSE_FORMAT";
  /** Base URL of the Temporal Web UI, for links in reviews and the CLI. */
  public static final String SELFHEAL_WEB_UI = "SELFHEAL_WEB_UI";
  /** Bearer token the alert receiver requires on endpoints without a signature secret; unset = none. */
  public static final String SELFHEAL_RECEIVER_TOKEN = "SELFHEAL_RECEIVER_TOKEN";
  /** Sentry integration client secret; when set, /alerts/sentry requires Sentry-Hook-Signature. */
  public static final String SELFHEAL_SENTRY_SECRET = "SELFHEAL_SENTRY_SECRET";
  /** PagerDuty webhook subscription secret; when set, /alerts/pagerduty requires X-PagerDuty-Signature. */
  public static final String SELFHEAL_PAGERDUTY_SECRET = "SELFHEAL_PAGERDUTY_SECRET";
  /** Shared secret for selfheal's own signature; when set, /alerts/generic requires X-Selfheal-Signature. */
  public static final String SELFHEAL_WEBHOOK_SECRET = "SELFHEAL_WEBHOOK_SECRET";
  /** GitHub API token for services whose catalog review host is github (the default review.tokenEnv). */
  public static final String GITHUB_TOKEN = "GITHUB_TOKEN";
  /** GitLab API token for services whose catalog review host is gitlab (the default review.tokenEnv). */
  public static final String GITLAB_TOKEN = "GITLAB_TOKEN";
  /** Test/chaos tool: faults a worker injects into its activities, e.g. {@code halt-after:ApplyFix}; unset = none. */
  public static final String SELFHEAL_FAULTS = "SELFHEAL_FAULTS";

  public static final List<String> ALL =
      List.of(
          TEMPORAL_ADDRESS,
          TEMPORAL_NAMESPACE,
          SELFHEAL_CATALOG,
          SELFHEAL_WORKSPACE,
          SELFHEAL_HOST_ID,
          SELFHEAL_QUEUES,
          SELFHEAL_HEALTH_PORT,
          SELFHEAL_LOG_LEVEL,
          SELFHEAL_PLAYBOOKS,
          SELFHEAL_LLM_PROVIDER,
          SELFHEAL_LLM_URL,
          SELFHEAL_LLM_MODEL,
          SELFHEAL_LLM_API_KEY,
          SELFHEAL_LLM_TIMEOUT,
          SELFHEAL_LLM_MAX_TOKENS,
          SELFHEAL_LLM_TOKEN_BUDGET,
          SELFHEAL_LLM_RESPONSE_FORMAT,
          SELFHEAL_WEB_UI,
          SELFHEAL_RECEIVER_TOKEN,
          SELFHEAL_SENTRY_SECRET,
          SELFHEAL_PAGERDUTY_SECRET,
          SELFHEAL_WEBHOOK_SECRET,
          GITHUB_TOKEN,
          GITLAB_TOKEN,
          SELFHEAL_FAULTS);

  private EnvVars() {}
}
