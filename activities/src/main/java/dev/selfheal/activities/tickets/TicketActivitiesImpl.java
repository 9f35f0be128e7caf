package dev.selfheal.activities.tickets;

import dev.selfheal.activities.Workspace;
import dev.selfheal.workflows.activities.TicketActivities;
import dev.selfheal.workflows.messages.requests.EscalationRequest;
import dev.selfheal.workflows.messages.requests.PostmortemRequest;
import dev.selfheal.workflows.messages.requests.TicketOpenRequest;
import dev.selfheal.workflows.messages.values.Alert;
import dev.selfheal.workflows.messages.values.TicketRef;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Instant;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Tickets as markdown files in the incident's folder: the simplest tracker that leaves an audit
 * trail. Every write is idempotent, so a retried activity never duplicates a section.
 */
public class TicketActivitiesImpl implements TicketActivities {
  private static final Logger log = LoggerFactory.getLogger(TicketActivitiesImpl.class);
  static final String OPEN = "Status: open";

  private final Workspace workspace;

  public TicketActivitiesImpl(Workspace workspace) {
    this.workspace = workspace;
  }

  @Override
  public TicketRef openTicket(TicketOpenRequest request) {
    Path ticket = ticketPath(request.incidentId());
    TicketRef ref = new TicketRef("TICKET-" + request.incidentId(), ticket.toString());
    if (Files.exists(ticket)) {
      return ref;
    }
    Alert alert = request.alert();
    String body =
        "# " + ref.id() + ": " + alert.title() + "\n\n"
            + OPEN + "\n"
            + "Severity: " + request.severity() + "\n"
            + "Service: " + alert.service() + "\n"
            + "Opened: " + Instant.now() + "\n"
            + "Alert: source=" + alert.source() + " fingerprint=" + alert.fingerprint()
            + " startsAt=" + alert.startsAt() + "\n"
            + "Labels: " + (alert.labels() == null ? "{}" : alert.labels()) + "\n";
    writeAtomically(ticket, body);
    log.info("incident={} ticket={} opened path={}", request.incidentId(), ref.id(), ticket);
    return ref;
  }

  @Override
  public void escalate(EscalationRequest request) {
    Path ticket = Path.of(request.ticket().location());
    String section = "\n## Escalated at stage " + request.stage() + "\n\n" + request.reason() + "\n";
    String current = read(ticket);
    if (current.contains(section)) {
      return; // a retry of an escalation already written
    }
    writeAtomically(ticket, current + section);
    log.warn("incident={} escalated stage={} reason={}", request.incidentId(), request.stage(), request.reason());
  }

  @Override
  public String closeWithPostmortem(PostmortemRequest request) {
    String incidentId = request.record().incidentId();
    Path postmortem = workspace.incidentDir(incidentId).resolve("postmortem.md");
    writeAtomically(postmortem, PostmortemRenderer.render(request.record()));
    Path ticket = Path.of(request.ticket().location());
    String closed = "Status: closed (" + request.record().outcome().label() + ")";
    String current = read(ticket);
    if (current.contains(OPEN)) {
      writeAtomically(ticket, current.replace(OPEN, closed) + "\nPost-mortem: " + postmortem + "\n");
    }
    log.info("incident={} ticket closed outcome={} postmortem={}", incidentId, request.record().outcome().label(), postmortem);
    return postmortem.toString();
  }

  private Path ticketPath(String incidentId) {
    return workspace.incidentDir(incidentId).resolve("ticket.md");
  }

  private static String read(Path file) {
    try {
      return Files.readString(file);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read ticket " + file, e);
    }
  }

  /** Temp file then rename, so a crash leaves the old ticket or the new one, never half. */
  static void writeAtomically(Path file, String text) {
    try {
      Path tmp = Files.createTempFile(file.getParent(), file.getFileName().toString(), ".tmp");
      Files.writeString(tmp, text, StandardCharsets.UTF_8);
      Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }
}
