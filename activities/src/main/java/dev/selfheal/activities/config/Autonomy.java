package dev.selfheal.activities.config;

/** How far selfheal may act on a service on its own; the catalog spells it in lower case. */
public enum Autonomy {
  /** Diagnose only. */
  OBSERVE,
  /** Open a pull request; a human approves it (the default). */
  SUGGEST,
  /** Low-risk known fixes may merge after green tests; everything else still asks. */
  AUTO
}
