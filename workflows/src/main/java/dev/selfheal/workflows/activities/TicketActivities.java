package dev.selfheal.workflows.activities;

import io.temporal.activity.ActivityInterface;
import io.temporal.activity.ActivityMethod;
import dev.selfheal.workflows.messages.requests.EscalationRequest;
import dev.selfheal.workflows.messages.requests.PostmortemRequest;
import dev.selfheal.workflows.messages.requests.TicketOpenRequest;
import dev.selfheal.workflows.messages.values.TicketRef;

/** The incident's ticket: opened at detect, escalated to humans, closed with a post-mortem. */
@ActivityInterface
public interface TicketActivities {
  /** Opens the ticket, or returns the one this incident already has. */
  @ActivityMethod
  TicketRef openTicket(TicketOpenRequest request);

  @ActivityMethod
  void escalate(EscalationRequest request);

  /** Writes the post-mortem and closes the ticket; returns the post-mortem's location. */
  @ActivityMethod
  String closeWithPostmortem(PostmortemRequest request);
}
