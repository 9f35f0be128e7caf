package dev.selfheal.activities.diagnosis;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RootNamingTest {
  private static final String DOCKER = String.join("\n",
      "Traceback (most recent call last):",
      "  File \"/usr/lib/python3/site-packages/requests/adapters.py\", line 486, in send",
      "urllib3.exceptions.URLSchemeUnknown: Not supported URL scheme http+docker",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      "requests.exceptions.InvalidURL: Not supported URL scheme http+docker",
      "",
      "During handling of the above exception, another exception occurred:",
      "",
      "Traceback (most recent call last):",
      "docker.errors.DockerException: Error while fetching server API version: Not supported URL scheme http+docker");

  @Test
  void aPythonLibraryThatReRaisesTheSameFailureInTheSameWordsNamesIt() {
    assertThat(RootNaming.relabels("requests.exceptions.InvalidURL", "urllib3.exceptions.URLSchemeUnknown", DOCKER)).isTrue();
    assertThat(RootNaming.relabels("docker.errors.DockerException", "requests.exceptions.InvalidURL", DOCKER)).isTrue();
  }

  @Test
  void aWrapperWithWordsOfItsOwnOrAJavaWrapperThatRepeatsItsCauseNamesNothing() {
    String python = String.join("\n",
        "Traceback (most recent call last):",
        "FileNotFoundError: [Errno 2] No such file or directory: '/tmp/templates/report.html'",
        "",
        "The above exception was the direct cause of the following exception:",
        "",
        "Traceback (most recent call last):",
        "report_worker.render.ReportRenderError: template not found: /tmp/templates/report.html");
    String java = String.join("\n",
        "org.springframework.dao.DataAccessResourceFailureException: Tried to send an out-of-range integer as a 2-byte value: 40000",
        "\tat org.springframework.jdbc.support.SQLStateSQLExceptionTranslator.doTranslate(SQLStateSQLExceptionTranslator.java:105)",
        "Caused by: org.postgresql.util.PSQLException: Tried to send an out-of-range integer as a 2-byte value: 40000");
    String generic = String.join("\n",
        "Traceback (most recent call last):",
        "KeyError: 'customer_reference_id'",
        "Exception: failed on KeyError: 'customer_reference_id'");

    assertThat(RootNaming.relabels("report_worker.render.ReportRenderError", "FileNotFoundError", python)).isFalse();
    assertThat(RootNaming.relabels("org.springframework.dao.DataAccessResourceFailureException",
        "org.postgresql.util.PSQLException", java)).isFalse();
    assertThat(RootNaming.relabels("Exception", "KeyError", generic)).isFalse();
  }

  @Test
  void aPythonLibraryReRaisingADriversErrorAsItsDbApiClassNamesIt() {
    assertThat(RootNaming.dbApiRelabel("django.db.utils.ProgrammingError", "psycopg2.errors.UndefinedColumn")).isTrue();
    assertThat(RootNaming.dbApiRelabel("sqlalchemy.exc.OperationalError", "psycopg2.OperationalError")).isTrue();
    assertThat(RootNaming.dbApiRelabel("django.db.utils.IntegrityError", "MySQLdb.IntegrityError")).isTrue();

    assertThat(RootNaming.dbApiRelabel("django.db.utils.ProgrammingError", "ValueError")).as("no driver beneath").isFalse();
    assertThat(RootNaming.dbApiRelabel("orders.views.OrderLookupError", "psycopg2.errors.UndefinedColumn"))
        .as("not a DB-API class").isFalse();
    assertThat(RootNaming.dbApiRelabel("ProgrammingError", "psycopg2.errors.UndefinedColumn")).as("no package: not a library's").isFalse();
  }

  @Test
  void aMessageIsFoundWhereverTheTypeIsPrinted() {
    assertThat(RootNaming.messageOf("x.y.ValueError", "Traceback (most recent call last):\nx.y.ValueError: bad literal '7x'"))
        .isEqualTo("bad literal '7x'");
    assertThat(RootNaming.messageOf("SocketException", "   ---> System.Net.Sockets.SocketException (111): Connection refused"))
        .isEqualTo("Connection refused");
    assertThat(RootNaming.messageOf("TimeoutError", "no such type here")).isNull();
  }
}
