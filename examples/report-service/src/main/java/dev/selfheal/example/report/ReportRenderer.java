package dev.selfheal.example.report;

import java.time.Instant;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Fills the {@code {{title}}}, {@code {{generatedAt}}} and {@code {{rows}}} placeholders. */
public class ReportRenderer {

  private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{(\\w+)}}");

  /** One line of the report table. */
  public record Row(String label, String value) {}

  public String render(String template, String title, Instant generatedAt, List<Row> rows) {
    StringBuilder table = new StringBuilder();
    for (Row row : rows) {
      table.append("<tr><td>").append(escape(row.label())).append("</td><td>")
          .append(escape(row.value())).append("</td></tr>\n");
    }
    // one pass, so values that happen to contain "{{...}}" are never expanded again
    Matcher m = PLACEHOLDER.matcher(template);
    StringBuilder out = new StringBuilder();
    while (m.find()) {
      String value;
      switch (m.group(1)) {
        case "title" -> value = escape(title);
        case "generatedAt" -> value = escape(generatedAt.toString());
        case "rows" -> value = table.toString();
        default -> value = m.group();
      }
      m.appendReplacement(out, Matcher.quoteReplacement(value));
    }
    m.appendTail(out);
    return out.toString();
  }

  static String escape(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
