package dev.selfheal.starter.bench;

import dev.selfheal.activities.diagnosis.DiagnosisActivitiesImpl;
import dev.selfheal.workflows.messages.requests.DiagnoseRequest;
import dev.selfheal.workflows.messages.values.Diagnosis;
import dev.selfheal.workflows.messages.values.LogWindow;
import java.io.BufferedReader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Diagnosis at scale: the diagnose activity's own code over synthetic windows of 10k, 100k and
 * 1M lines. Reported per size: seconds, lines/s, peak heap, and the ratio against merely
 * reading the same file line by line in the same run (the floor any analyzer pays). Growth is
 * near linear when the 1M time is about ten times the 100k time.
 */
@Command(name = "diagnosis", mixinStandardHelpOptions = true, description = "Time the diagnosis on generated logs of 10k, 100k and 1M lines.")
public final class DiagnosisBench implements Callable<Integer> {
  @Option(names = "--sizes", split = ",", defaultValue = "10000,100000,1000000", description = "Window sizes in lines (default: ${DEFAULT-VALUE}).")
  List<Long> sizes;

  @Override
  public Integer call() throws Exception {
    Path dir = Files.createTempDirectory("selfheal-bench-diagnosis-");
    DiagnosisActivitiesImpl diagnosis = new DiagnosisActivitiesImpl();
    double lastRate = 0;
    double lastSeconds = 0;
    double maxHeap = 0;
    double previousSeconds = 0;
    long previousLines = 0;
    try {
      warmUp(diagnosis, dir);
      for (long lines : sizes) {
        Path file = dir.resolve("window-" + lines + ".jsonl");
        SyntheticIncidentLog.write(file, lines);
        double floor = time(() -> countLines(file));
        System.gc();
        resetPeaks();
        long started = System.nanoTime();
        Diagnosis d = diagnosis.diagnose(new DiagnoseRequest("bench-" + lines, "gateway", null,
            new LogWindow(file.toString(), lines, 0, 0, "bench")));
        double seconds = (System.nanoTime() - started) / 1e9;
        double heapMb = peakHeapBytes() / 1048576.0;
        boolean right = SyntheticIncidentLog.ROOT_SERVICE.equals(d.rootCause().service())
            && SyntheticIncidentLog.ROOT_TYPE.equals(d.rootCause().errorType());
        String growth = previousLines == 0 ? "-"
            : String.format("%.2f", (seconds / previousSeconds) / ((double) lines / previousLines));
        System.out.printf("diagnosis lines=%d seconds=%.2f lines_per_s=%.0f vs_read_only=%.1fx growth_vs_linear=%s peak_heap_mb=%.0f root=%s%n",
            lines, seconds, lines / seconds, seconds / floor, growth, heapMb, right ? "right" : "WRONG " + d.rootCause().errorType());
        lastRate = lines / seconds;
        lastSeconds = seconds;
        maxHeap = Math.max(maxHeap, heapMb);
        previousSeconds = seconds;
        previousLines = lines;
        Files.delete(file);
      }
    } finally {
      Files.deleteIfExists(dir);
    }
    System.out.printf("diagnosis lines_per_s=%.0f at_1m_s=%.2f peak_heap_mb=%.0f%n", lastRate, lastSeconds, maxHeap);
    return 0;
  }

  /** Unreported runs first, so the smallest size is not measured against a cold JIT. */
  private static void warmUp(DiagnosisActivitiesImpl diagnosis, Path dir) throws Exception {
    Path file = dir.resolve("warm-up.jsonl");
    SyntheticIncidentLog.write(file, 50_000);
    for (int i = 0; i < 3; i++) {
      diagnosis.diagnose(new DiagnoseRequest("bench-warm-up", "gateway", null, new LogWindow(file.toString(), 50_000, 0, 0, "bench")));
      countLines(file);
    }
    Files.delete(file);
  }

  private interface Step {
    void run() throws Exception;
  }

  private static double time(Step step) throws Exception {
    long started = System.nanoTime();
    step.run();
    return (System.nanoTime() - started) / 1e9;
  }

  private static long countLines(Path file) throws Exception {
    long n = 0;
    try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      while (in.readLine() != null) {
        n++;
      }
    }
    return n;
  }

  private static void resetPeaks() {
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        pool.resetPeakUsage();
      }
    }
  }

  private static long peakHeapBytes() {
    long sum = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP && pool.getPeakUsage() != null) {
        sum += pool.getPeakUsage().getUsed();
      }
    }
    return sum;
  }
}
