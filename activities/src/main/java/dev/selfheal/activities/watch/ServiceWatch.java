package dev.selfheal.activities.watch;

import dev.selfheal.workflows.messages.requests.TailRequest;
import dev.selfheal.workflows.messages.values.FileCheckpoint;
import dev.selfheal.workflows.messages.values.LogSource;
import dev.selfheal.workflows.messages.values.LogWatchCheckpoint;
import java.io.Closeable;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One service's log files, their events and their recurrence window, polled by the tail activity.
 * Its checkpoint is consistent at every moment a listener could see it: a file's offset never
 * passes an event the window has not counted, and never stops before one it has.
 */
final class ServiceWatch implements Closeable {
  private static final Logger log = LoggerFactory.getLogger(ServiceWatch.class);

  private final String service;
  private final Duration window;
  private final Duration quiet;
  private final Clock clock;
  private final AlertSink sink;
  private final Consumer<LogWatchCheckpoint> heartbeat;
  private final RecurrenceWindow recurrences;
  private final List<Source> sources = new ArrayList<>();
  private long alertsRaised;
  private final long unreadableBefore;

  /**
   * @param from where to resume; its files are matched to the request's sources by path
   * @param quiet a plain-text event is complete when no line followed it for this long
   * @param heartbeat called with the checkpoint as soon as an alert is raised
   */
  ServiceWatch(TailRequest request, LogWatchCheckpoint from, AlertSink sink, Clock clock, Duration quiet,
      Consumer<LogWatchCheckpoint> heartbeat) {
    this.service = request.service();
    this.window = Duration.ofSeconds(request.windowSeconds());
    this.quiet = quiet;
    this.clock = clock;
    this.sink = sink;
    this.heartbeat = heartbeat;
    LogWatchCheckpoint start = from == null ? LogWatchCheckpoint.empty() : from;
    this.recurrences = new RecurrenceWindow(request.threshold(), window, start.groups());
    this.alertsRaised = start.alertsRaised();
    this.unreadableBefore = start.unreadableLines();
    Map<String, FileCheckpoint> saved = new HashMap<>();
    for (FileCheckpoint file : Objects.requireNonNullElse(start.files(), List.<FileCheckpoint>of())) {
      saved.put(file.path(), file);
    }
    for (LogSource source : request.sources()) {
      sources.add(new Source(Path.of(source.path()), source.formatOrAuto(), saved.get(source.path())));
    }
  }

  /** Reads what every file has now; an unreadable file is logged and tried again next poll. */
  void poll() {
    for (Source source : sources) {
      try {
        source.poll();
      } catch (IOException e) {
        source.failed(e);
      }
    }
  }

  LogWatchCheckpoint checkpoint() {
    List<FileCheckpoint> files = new ArrayList<>(sources.size());
    long unreadable = unreadableBefore;
    for (Source source : sources) {
      files.add(source.checkpoint());
      unreadable += source.assembler.unreadable();
    }
    return new LogWatchCheckpoint(files, recurrences.snapshot(), alertsRaised, unreadable);
  }

  private void event(LogEvent event) {
    if (!event.isError()) {
      return;
    }
    ErrorSignature signature = ErrorSignature.of(event);
    Recurrence recurrence = recurrences.record(signature, event.ts() != null ? event.ts() : clock.instant());
    if (recurrence == null) {
      return;
    }
    String incidentId = sink.raise(WatchAlerts.alert(service, recurrence, event, window));
    recurrences.raised(recurrence);
    alertsRaised++;
    log.info("recurring error service={} incident={} alertId={} count={} signature=\"{}\"", service, incidentId,
        recurrence.alertId(), recurrence.count(), signature.text());
    heartbeat.accept(checkpoint()); // raised: a retry must know before it reads these lines again
  }

  @Override
  public void close() throws IOException {
    for (Source source : sources) {
      source.tailer.close();
    }
  }

  /** One file: its tailer, its event assembler and when it last gave a line. */
  private final class Source implements TailListener {
    final FileTailer tailer;
    final EventAssembler assembler;
    Instant lastLine;
    String lastFailure;

    Source(Path path, String format, FileCheckpoint from) {
      this.tailer = new FileTailer(path, from);
      this.assembler = new EventAssembler(format, path.toString());
    }

    void poll() throws IOException {
      tailer.poll(this);
      lastFailure = null;
      if (assembler.pendingStart() >= 0 && lastLine != null
          && Duration.between(lastLine, clock.instant()).compareTo(quiet) >= 0) {
        assembler.flush(ServiceWatch.this::event);
      }
    }

    void failed(IOException e) {
      String what = e.getClass().getSimpleName() + ": " + e.getMessage();
      if (!what.equals(lastFailure)) { // once per distinct failure, not every poll
        log.warn("cannot read log service={} path={} error=\"{}\"", service, tailer.path(), what);
        lastFailure = what;
      }
    }

    FileCheckpoint checkpoint() {
      long pending = assembler.pendingStart();
      return tailer.checkpoint(pending >= 0 ? pending : tailer.offset());
    }

    @Override
    public void line(TailLine line) {
      lastLine = clock.instant();
      assembler.line(line, ServiceWatch.this::event);
    }

    @Override
    public void fileEnded() {
      assembler.flush(ServiceWatch.this::event);
    }
  }
}
