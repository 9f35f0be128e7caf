package dev.selfheal.activities.tickets;

import static org.assertj.core.api.Assertions.assertThat;

import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.messages.queries.TimelineEntry;
import dev.selfheal.workflows.messages.requests.EscalationRequest;
import dev.selfheal.workflows.messages.requests.PostmortemRequest;
import dev.selfheal.workflows.messages.requests.TicketOpenRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.IncidentRecord;
import dev.selfheal.workflows.messages.values.Outcome;
import dev.selfheal.workflows.messages.values.Severity;
import dev.selfheal.workflows.messages.values.TicketRef;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TicketActivitiesImplTest {
  private static final String ID = "incident-report-service-fp";

  @TempDir Path root;

  @Test
  void retriedOpenEscalateAndCloseWriteEachSectionOnce() throws Exception {
    TicketActivitiesImpl tickets = new TicketActivitiesImpl(new Workspace(root));
    Alert alert = new Alert("generic", "report-service", "fp", "jobs failing", "critical", "2026-11-23T10:00:00Z", "firing", Map.of(), Map.of());
    TicketRef first = tickets.openTicket(new TicketOpenRequest(ID, alert, Severity.P1));
    TicketRef again = tickets.openTicket(new TicketOpenRequest(ID, alert, Severity.P1));
    assertThat(again).isEqualTo(first);

    EscalationRequest escalation = new EscalationRequest(ID, first, "approve", "no decision after PT72H; still waiting");
    tickets.escalate(escalation);
    tickets.escalate(escalation);

    IncidentRecord record = new IncidentRecord(ID, "report-service", Outcome.ESCALATED, "tests red", Severity.P1, 3,
        null, null, null, null, null, null, null, List.of(), null,
        List.of(new TimelineEntry(0, "detect", "started", null), new TimelineEntry(1, "detect", "done", "a | b")));
    String postmortem = tickets.closeWithPostmortem(new PostmortemRequest(first, record));
    tickets.closeWithPostmortem(new PostmortemRequest(first, record));

    String ticket = Files.readString(Path.of(first.location()));
    assertThat(ticket).contains("Status: closed (escalated)").doesNotContain("Status: open");
    assertThat(ticket.split("## Escalated at stage approve", -1)).hasSize(2);
    assertThat(ticket.split("Post-mortem: ", -1)).hasSize(2);
    assertThat(Files.readString(Path.of(postmortem)))
        .contains("Outcome: **escalated** — tests red")
        .contains("| detect | done | a \\| b |")
        .contains("Not diagnosed.");
    try (var files = Files.list(root.resolve("incidents").resolve(ID))) {
      assertThat(files.map(p -> p.getFileName().toString())).containsExactlyInAnyOrder("ticket.md", "postmortem.md");
    }
  }
}
