package dev.selfheal.activities.logs;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Deque;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the exceptions of one plain-text record as its lines stream past, in bounded memory, so a
 * cause deep in a stack trace is found even when the record's text was cut.
 *
 * <ul>
 *   <li>Python traceback (the record has a {@code Traceback (most recent call last):} line): the
 *       error type is the last {@code Name: message} line, the outermost exception; the others,
 *       from "During handling ..." and "The above exception was the direct cause ..." chains, are
 *       the causes, nearest first, so the innermost (the first in the text) is last.
 *   <li>PHP (the message says {@code Uncaught Type: ...}): the type is the last of the chain PHP
 *       prints innermost first, {@code Uncaught} and then each {@code Next Type: ...}; the others are
 *       the causes, the {@code Uncaught} one, the root, last.
 *   <li>Anything else (Java, .NET, Node, a message naming its error): the error type is the first
 *       {@code ...Exception}/{@code ...Error} class name in the record, the outermost; the causes
 *       are the {@code Caused by:} chain, or .NET's {@code  ---> Type: ...} inner exceptions, in
 *       order, so the deepest, the root, is last.
 * </ul>
 *
 * Causes are joined {@code Type: message; Type: message}, the way the JSONL cases write {@code
 * caused_by}. Names stay as printed (fully qualified). This is the case README's reading, which
 * its baseline counts with.
 */
public final class ExceptionChain {
  /** Causes kept: the deepest ones, since the root of the chain is what a diagnosis wants. */
  static final int MAX_CAUSES = 8;
  /** Each cause's {@code Type: message} is cut here; the type is what matters. */
  static final int MAX_CAUSE_CHARS = 256;

  private static final Pattern JAVA_TYPE = Pattern.compile(
      "(?<![\\w$.])(?:[A-Za-z_][\\w$]*\\.)*[A-Z][\\w$]*(?:Exception|Error)(?![\\w$])");
  private static final Pattern CAUSED_BY = Pattern.compile("^Caused by:\\s*([\\w$.]+)(?::\\s*(.*))?$");
  /** .NET's inner exception, {@code  ---> System.Net.Sockets.SocketException (111): msg}; the code is dropped. */
  private static final Pattern DOTNET_INNER =
      Pattern.compile("^\\s*---> ([\\w.`+]+)(?: \\((?:0x[0-9A-Fa-f]+|-?\\d+)\\))?(?::\\s*(.*))?$");
  /** PHP 7+: {@code Uncaught Type: msg in /f.php:22}; PHP 5: {@code Uncaught exception 'Type' with message 'msg' in ...}. */
  private static final Pattern PHP_THROWN = Pattern.compile(
      "^(?:Uncaught|Next) (?:exception '([\\w\\\\]+)' with message '(.*)'|([\\w\\\\]+): (.*?))(?: in \\S+:\\d+)?$");
  private static final Pattern PYTHON_EXCEPTION = Pattern.compile("^([A-Za-z_]\\w*(?:\\.[A-Za-z_]\\w*)*)(?::\\s?(.*))?$");

  static final String CHAINED_DURING = "During handling of the above exception";
  static final String CHAINED_CAUSE = "The above exception was the direct cause";
  private static final String TRACEBACK = "Traceback (most recent call last)";

  private String firstType;
  private final Deque<String> causedBy = new ArrayDeque<>();
  private boolean traceback;
  private String pythonInnermost;
  private int pythonExceptions;
  private boolean afterChainMarker;
  private final Deque<String> pythonRecent = new ArrayDeque<>(); // the last exception lines, outermost last
  private String phpThrown; // the outermost PHP exception so far, as "Type: message"
  private String phpType;
  private final Deque<String> phpCauses = new ArrayDeque<>(); // nearest first, the root last

  /** The header's message: it may name the error ({@code ERROR web-bff: SessionStoreError: ...}). */
  public void message(String message) {
    findFirstType(message);
    if (message.startsWith("Uncaught ")) {
      php(message);
    }
  }

  /** Whether {@code line} starts a Python traceback. */
  public static boolean startsTraceback(String line) {
    return line.startsWith(TRACEBACK);
  }

  /**
   * Whether a traceback starting now belongs to this record: its first, or the next one of a
   * chain ("During handling of the above exception ..." just before). Otherwise it is a traceback
   * of its own, printed without a log line above it.
   */
  public boolean takesTraceback() {
    return !traceback || afterChainMarker;
  }

  /** A continuation line of the record. */
  public void line(String line) {
    findFirstType(line);
    afterChainMarker = line.startsWith(CHAINED_DURING) || line.startsWith(CHAINED_CAUSE);
    if (afterChainMarker) {
      return;
    }
    if (startsTraceback(line)) {
      traceback = true;
      return;
    }
    char first = line.charAt(0);
    if (first == ' ' || first == '\t') {
      if (dotnetInner(line)) {
        Matcher m = DOTNET_INNER.matcher(line);
        if (m.matches()) {
          addCause(m.group(1), m.group(2));
        }
      }
      return; // frames, and the causes of suppressed exceptions, which are not the record's chain
    }
    if (line.startsWith("Caused by:")) {
      caused(line);
    } else if (phpThrown != null && line.startsWith("Next ")) {
      php(line);
    } else if (traceback) {
      Matcher m = PYTHON_EXCEPTION.matcher(line);
      if (m.matches()) {
        String exception = cut(line);
        if (pythonExceptions++ == 0) {
          pythonInnermost = exception;
        }
        keepLast(pythonRecent, exception);
      }
    }
  }

  /** The outermost exception's type, as printed; null when the record names none. */
  public String errorType() {
    if (traceback && !pythonRecent.isEmpty()) {
      Matcher m = PYTHON_EXCEPTION.matcher(pythonRecent.peekLast());
      return m.matches() ? m.group(1) : null;
    }
    return phpType != null ? phpType : firstType;
  }

  /** The outermost Python exception line ({@code Name: message}), or null outside a traceback. */
  public String outermostPythonException() {
    return traceback ? pythonRecent.peekLast() : null;
  }

  /** The causes, root last; null when there are none. */
  public String causedBy() {
    if (traceback && !pythonRecent.isEmpty()) {
      List<String> causes = new ArrayList<>(pythonRecent);
      causes.remove(causes.size() - 1); // the outermost is the error itself
      Collections.reverse(causes);
      if (pythonExceptions > pythonRecent.size()) {
        causes.add(pythonInnermost); // the chain was longer than we keep: the root still ends it
      }
      return causes.isEmpty() ? null : String.join("; ", causes);
    }
    if (!phpCauses.isEmpty()) {
      return String.join("; ", phpCauses);
    }
    return causedBy.isEmpty() ? null : String.join("; ", causedBy);
  }

  private void findFirstType(String text) {
    if (firstType == null) {
      Matcher m = JAVA_TYPE.matcher(text);
      if (m.find()) {
        firstType = m.group();
      }
    }
  }

  private void caused(String line) {
    Matcher m = CAUSED_BY.matcher(line);
    if (m.matches()) {
      addCause(m.group(1), m.group(2));
    }
  }

  private void addCause(String type, String message) {
    keepLast(causedBy, cut(message == null || message.isBlank() ? type : type + ": " + message.strip()));
  }

  /** Whether an indented line starts with {@code --->}; by hand, since every frame is asked. */
  private static boolean dotnetInner(String line) {
    int i = 1;
    while (i < line.length() && line.charAt(i) == ' ') {
      i++;
    }
    return line.startsWith("---> ", i);
  }

  /** PHP's {@code Uncaught ...} or {@code Next ...}: the new outermost; the one before is its cause. */
  private void php(String text) {
    Matcher m = PHP_THROWN.matcher(text);
    if (!m.matches()) {
      return;
    }
    if (phpThrown != null) {
      if (phpCauses.size() == MAX_CAUSES) {
        phpCauses.removeFirst(); // the nearest but one, after the line below: the root stays last
      }
      phpCauses.addFirst(phpThrown);
    }
    phpType = m.group(1) != null ? m.group(1) : m.group(3);
    phpThrown = cut(phpType + ": " + (m.group(1) != null ? m.group(2) : m.group(4)));
  }

  private static void keepLast(Deque<String> kept, String value) {
    if (kept.size() == MAX_CAUSES) {
      kept.removeFirst();
    }
    kept.addLast(value);
  }

  private static String cut(String s) {
    return s.length() <= MAX_CAUSE_CHARS ? s : s.substring(0, MAX_CAUSE_CHARS - 1) + "…";
  }
}
