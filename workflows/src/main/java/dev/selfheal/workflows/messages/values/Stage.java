package dev.selfheal.workflows.messages.values;

import java.util.Locale;

/** The nine stages of an incident, in order. */
public enum Stage {
  DETECT,
  DIAGNOSE,
  FIX,
  TEST,
  PR,
  APPROVE,
  DEPLOY,
  VERIFY,
  CLOSE;

  public String label() {
    return name().toLowerCase(Locale.ROOT);
  }
}
