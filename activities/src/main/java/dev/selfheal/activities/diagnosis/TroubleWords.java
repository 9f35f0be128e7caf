package dev.selfheal.activities.diagnosis;

import java.util.Set;
import java.util.regex.Pattern;

/**
 * The words logs use for each kind of trouble the analyzer tells apart: a full disk, a server out
 * of connections or capacity, a machine or network path in trouble, a caller gone or at fault, a
 * throttle, a configuration change. Each pattern that every record would pay for has a cheap
 * first look ({@code mayMention…}) in front of it.
 */
final class TroubleWords {
  /** Kubernetes' words for a container that keeps dying: effects, whose cause is why it died. */
  static final Pattern RESTART_SYMPTOM = Pattern.compile("BackOff|CrashLoopBackOff|BackoffLimitExceeded");

  /** Words for a full disk, in the forms programs print them. */
  static final Pattern DISK_FULL =
      Pattern.compile("(?i)no space left on device|ENOSPC|disk (?:is )?full|disk quota exceeded|EDQUOT|out of disk space"
          + "|low on resource: ephemeral-storage|DiskPressure");

  /** Words for a server out of connection slots (MySQL 1040, postgres, pgbouncer, Redis). */
  static final Pattern CONNECTIONS_EXHAUSTED = Pattern.compile(
      "(?i)too many (?:connections|clients)|remaining connection slots are reserved|max_connections"
          + "|max number of clients reached|connection limit (?:exceeded|reached)|ER_CON_COUNT_ERROR");

  /**
   * What a router, firewall or VPN gateway says when traffic through it stops flowing as before:
   * a full connection table, dropped packets, a link or tunnel down or flapping, a port counting
   * CRC errors, a tunnel's MTU changed, an IPsec peer refusing every proposal.
   */
  private static final String NETWORK_TROUBLE_WORDS = "nf_conntrack: table full|dropping packet|NIC Link is Down"
      + "|\\bdrop(?:ped)? (?:non-SYN )?(?:tcp |udp )?packets? without session|\\bMTU changed from \\d+ to \\d+"
      + "|NO_PROPOSAL_CHOSEN|(?:establishing|restarting) CHILD_SA [\\w-]+ failed|\\bLink DOWN\\b|\\bcarrier lost\\b"
      + "|\\bCRC errors?\\b|IF_DOWN_LINK_FAILURE|is down \\(Link failure\\)|\\blink flap";

  /**
   * What a machine's own log says when the machine itself is in trouble: a stalled CPU, a clock
   * that jumped, failing storage, a node Kubernetes lost. Not an OOM kill, which is about the
   * process it killed.
   */
  static final Pattern HOST_TROUBLE = Pattern.compile(
      "(?i)soft lockup|hung_task|nvme\\d*: I/O \\d+ QID \\d+ timeout|controller is down|blocked for more than \\d+ seconds|clock (?:is )?wrong by|clocksource\\b.*\\b(?:unstable|watchdog)"
          + "|time (?:jump|went backwards)|NodeNotReady|status is now: NodeNotReady|blk_update_request: I/O error"
          + "|Buffer I/O error|EXT4-fs error|XFS \\(\\S+\\): (?:metadata I/O error|Corruption)|Hardware Error|Machine Check"
          + "|Remounting filesystem read-only|NMI watchdog|inodes exhausted|EvictionThresholdMet|NodeHasDiskPressure"
          + "|temperature above threshold|clock throttled|\\bFan\\b.*\\b(?:Critical|Non-recoverable) going low|fan failure"
          + "|" + NETWORK_TROUBLE_WORDS);

  /**
   * A warning that says bad data was let through rather than refused: something wrong with it
   * (invalid, empty, a duplicate, NaN, control characters) and that it went on anyway (kept,
   * forwarded, created, continuing, a strictness switch turned off).
   */
  static final Pattern LET_THROUGH = Pattern.compile("(?i)^(?=.*\\b(?:invalid|malformed|not a (?:valid|JSON)|unparseable|NaN"
      + "|empty|0 rows|no rows|duplicate|control characters?|truncated|null|missing|unexpected (?:encoding|charset|format)))"
      + "(?=.*(?:\\b(?:kept|keeping|forward(?:ing|ed)|publish(?:ing|ed) anyway|continuing|proceeding|created|accept(?:ing|ed)"
      + "|as[- ]is|anyway|raw value|without validation)\\b|\\b(?:strict|validat)\\w*\\s*=\\s*(?:false|off|0)\\b"
      + "|\\ballow_\\w+\\s*=\\s*(?:true|on|1)\\b))");

  /**
   * A failure to read data: it could not be parsed, held a value the reader refuses, or matched
   * twice; in words or by the exception types that say so whatever their messages say.
   */
  static final Pattern DATA_REJECTED = Pattern.compile("(?i)cannot deserialize|not a valid|invalid (?:input|value|format"
      + "|byte sequence|character|literal|number)|contains NaN|\\bNaN\\b|could not (?:parse|convert)|unparseable|malformed"
      + "|NumberFormat|0x00|null character|non.?unique|unique result|incorrect result size|expected (?:one|1|a single) (?:row|result)"
      + "|more than one row|unexpected (?:token|character)|can't decode|codec can't|violates (?:not-null|check) constraint"
      + "|\\b(?:InvalidFormat|MismatchedInput|JsonParse|NumberFormat|Value|UnicodeDecode|DateTimeParse|NonUniqueResult"
      + "|IncorrectResultSize\\w*|MessageConversion|Deserialization)(?:Exception|Error)\\b");

  /** A program being stopped to be restarted: by a signal, by systemd, by needrestart, by its own shutdown. */
  static final Pattern STOPPING = Pattern.compile("Received SIGTERM|Restarting services:|\\bStopping [\\w@.-]+\\.service"
      + "|User requested shutdown|received (?:fast|smart) shutdown request|\\bshutting down\\b|Shutdown requested");

  /** A client finding its connection to a server gone: it reconnects, or says it lost it. */
  static final Pattern RECONNECTING = Pattern.compile("(?i)\\breconnect(?:ing|ed)?\\b|connection (?:to \\S+ )?(?:lost|reset|closed by)"
      + "|lost connection|disconnected from");

  /**
   * Two machines answering for one IP address, in the words of whoever noticed: arpwatch's flip
   * flops, the kernel's duplicate address detection, NetworkManager's conflict. Group 1..3: the
   * address, where the line names it.
   */
  static final Pattern ADDRESS_CONFLICT = Pattern.compile("(?i)\\bflip flop (\\d{1,3}(?:\\.\\d{1,3}){3})"
      + "|changed ethernet address (\\d{1,3}(?:\\.\\d{1,3}){3})|(\\d{1,3}(?:\\.\\d{1,3}){3})[^\\n]{0,40}\\b(?:duplicate address|address conflict)"
      + "|is using my IP address");

  /** A machine saying which address it took: cloud-init's net table, DHCP, {@code ip addr}. */
  static final Pattern ADDRESS_CLAIM = Pattern.compile("ci-info: \\|\\s*[\\w.-]+\\s*\\|\\s*True\\s*\\|\\s*(\\d{1,3}(?:\\.\\d{1,3}){3})\\s*\\|"
      + "|DHCPv4 address (\\d{1,3}(?:\\.\\d{1,3}){3})/|DHCPACK of (\\d{1,3}(?:\\.\\d{1,3}){3})|\\binet (\\d{1,3}(?:\\.\\d{1,3}){3})/\\d"
      + "|bound to (\\d{1,3}(?:\\.\\d{1,3}){3})");

  /** A systemd unit a host's journal names: the program it runs. */
  static final Pattern SYSTEMD_UNIT = Pattern.compile("\\b([\\w@.-]+)\\.service\\b");

  /** Another machine's kernel finding a server it mounts (NFS) not answering. */
  static final Pattern SERVER_NOT_RESPONDING = Pattern.compile("\\bserver ([\\w.-]+) not responding");

  /** Host trouble that drops other machines' traffic through it: a NAT gateway, a router, a firewall. */
  static final Pattern NETWORK_TROUBLE = Pattern.compile("(?i)" + NETWORK_TROUBLE_WORDS);

  /** Who speaks for a machine: its kernel, time daemon, disk and hardware monitors, kubelet (and Kubernetes' node events). */
  private static final Set<String> HOST_REPORTERS = Set.of(
      "kernel", "chronyd", "ntpd", "systemd-timesyncd", "kubelet", "smartd", "mdadm", "systemd", "ipmiseld", "ipmievd", "sensord");

  /** Kubernetes' scheduler event: which node a pod was placed on. */
  static final Pattern SCHEDULED = Pattern.compile("assigned (?:[\\w.-]+/)?[\\w.-]+ to ([\\w.-]+)");

  /** Words for a server refusing work it has no capacity for (queues full, throttling). */
  static final Pattern CAPACITY_EXHAUSTED = Pattern.compile(
      "(?i)rejected execution|es_rejected_execution|RejectedExecutionException|queue (?:is )?full|429 Too Many Requests"
          + "|server (?:is )?overloaded|thread pool (?:is )?exhausted|ServerBusy|SlowDown");

  /** A message broker refusing publishers for lack of memory or disk (RabbitMQ's resource alarms). */
  static final Pattern BROKER_ALARM = Pattern.compile("(?i)(?:memory|disk) resource limit alarm set|resource alarm set|alarm set on node");

  /** Writes colliding with rows already there: a bulk write (a backfill, an import) beat the live ones to them. */
  static final Pattern WRITES_COLLIDE = Pattern.compile(
      "(?i)duplicate key value violates unique constraint|Duplicate entry '[^']*' for key|UNIQUE constraint failed"
          + "|E11000 duplicate key");

  /** A server finding its caller gone: it answered after the caller had given up. */
  static final Pattern CALLER_GONE = Pattern.compile(
      "(?i)broken pipe|connection reset by peer|client closed|context canceled|ClientAbortException|EPIPE"
          + "|client disconnected|(?:canceled|cancelled|closed|aborted) by (?:the )?(?:client|caller|peer)");

  /** A served request refused as the caller's fault: a conflict, a duplicate, a malformed request. */
  static final Pattern CALLERS_FAULT = Pattern.compile(
      "(?i)\\b(?:409|422)\\b|already exists|duplicate|conflict|bad request|unprocessable");

  /**
   * A server saying its client spoke the wrong protocol: TLS to a plain port (postfix's non-SMTP
   * command, OpenSSL's wrong version number, Go's "does not look like a TLS handshake") or plain
   * HTTP to a TLS one. The client's configuration is at fault, not the server.
   */
  static final Pattern CLIENT_SPOKE_WRONG = Pattern.compile(
      "(?i)non-SMTP command|wrong version number|does not look like a TLS handshake|http request (?:was sent )?to an? https"
          + "|plain HTTP request was sent to HTTPS port|unsupported protocol version from client");

  /** How long before the failures a warning about the same thing still counts as their cause. */
  /** A failure about data that stopped changing: a projection, a replica, a cache, a consumer. */
  static final Pattern STALE = Pattern.compile(
      "(?i)\\b(?:stale|staleness|(?:is|are|was|fell|falling|running) \\S*\\s*behind|lag(?:ging)?|out of date|not been updated|freshness)\\b");

  /** How long it has been stale, when the message says: {@code 138s behind}, {@code lag 4m}. */
  static final Pattern STALE_AGE = Pattern.compile(
      "(?i)(\\d{1,7}(?:\\.\\d+)?)\\s*(ms|s|sec|secs|seconds|m|min|mins|minutes|h|hours)\\b");

  /** An access-log line's 429 answer: {@code GET /v3/orders HTTP/1.1 429 RL}. */
  static final Pattern ANSWERED_429 = Pattern.compile("HTTP/[\\d.]+\"? 429\\b");

  /** A failure to resolve a name, as runtimes word it (Java, glibc, Go, Node, Python). */
  static final Pattern NAME_NOT_RESOLVED = Pattern.compile(
      "UnknownHostException|Temporary failure in name resolution|Name or service not known|no such host|EAI_AGAIN|ENOTFOUND"
          + "|server misbehaving|nodename nor servname provided|NameResolutionError|Failed to resolve");
  /** A cluster's or host's DNS server, by the name it runs under. */
  static final Pattern DNS_SERVER = Pattern.compile("(?i)^(?:coredns|kube-dns|dnsmasq|unbound|named|bind9?|node-local-dns|nodelocaldns)\\b.*");

  /** A statement that gave up waiting for a lock another session held. */
  static final Pattern LOCK_WAIT = Pattern.compile(
      "(?i)lock timeout|LockNotAvailable|lock wait timeout exceeded|could not obtain lock|still waiting for \\w*Lock");

  /** A caller's failure that says the server refused it as too many requests. */
  static final Pattern REFUSED_AS_TOO_MANY = Pattern.compile(
      "(?i)\\b429\\b|too many requests|rate.?limit|throttl");

  /** A service saying it took a new configuration while running: a change event. */
  static final Pattern CONFIG_CHANGE = Pattern.compile(
      "(?i)\\b(?:config(?:uration)?|settings|rules|policy|policies)\\b[^\\n]{0,40}\\b(?:reloaded|applied|updated|changed|pushed)\\b"
          + "|\\b(?:reloaded|applied|updated)\\b[^\\n]{0,20}\\b(?:config(?:uration)?|settings|rules)\\b"
          + "|\\b(?:re-?reading|reloading) (?:its )?config|Applying configuration version");

  /** Cause types that only say another service answered with an error status. */
  static final Pattern ANSWERED_WITH_ERROR = Pattern.compile("(?i)http|status|rpc|resourceaccess");

  /**
   * Cause types that say a call to something else failed (an HTTP 500, a timeout, a refused
   * connection): failures a network path or a dependency can cause.
   */
  static final Pattern REMOTE_FAILURE = Pattern.compile(
      "(?i)http|status|server|client|remote|rpc|timeout|timedout|connect|socket|unavailable|refused|reset|ssl|handshake|resourceaccess");

  /** A change to a database's schema: DDL as a migration or a database's statement log prints it. */
  static final Pattern SCHEMA_CHANGE = Pattern.compile("(?i)\\b(?:DROP\\s+(?:INDEX|COLUMN|TABLE|CONSTRAINT|VIEW)"
      + "|ALTER\\s+TABLE|RENAME\\s+COLUMN|CREATE\\s+(?:UNIQUE\\s+)?INDEX|ADD\\s+COLUMN|TRUNCATE(?:\\s+TABLE)?)\\b"
      + "|\\b(?:index|column|table)\\b[^\\n]{0,80}\\b(?:dropped|renamed)\\b");

  /** A statement that failed on the schema it met, or ran too long for want of an index. */
  static final Pattern SCHEMA_TROUBLE = Pattern.compile("(?i)statement timeout|canceling statement|query timed? ?out"
      + "|QueryTimeout|lock wait timeout|(?:column|relation) \\S{1,80} does not exist|Unknown column|no such (?:column|table)"
      + "|Undefined(?:Column|Table)|Table '\\S{1,80}' doesn't exist|Invalid column name|Invalid object name");

  /** A statement the database gave up on for running too long. */
  static final Pattern STATEMENT_TIMEOUT = Pattern.compile("(?i)statement timeout|query timed? ?out"
      + "|QueryTimeout|Query execution was interrupted|maximum statement execution time exceeded");

  /** A cheap first look before {@link #SCHEMA_CHANGE}. */
  static boolean mayMentionSchemaChange(String s) {
    return s.indexOf("DROP") >= 0 || s.indexOf("ALTER") >= 0 || s.indexOf("RENAME") >= 0 || s.indexOf("INDEX") >= 0
        || s.indexOf("COLUMN") >= 0 || s.indexOf("TRUNCATE") >= 0 || s.indexOf("dropped") >= 0 || s.indexOf("renamed") >= 0
        || s.indexOf("drop ") >= 0 || s.indexOf("alter table") >= 0 || s.indexOf("create index") >= 0;
  }

  /** A cheap look before the regex: every record passes here, and few are about disks. */
  static boolean mayMentionDiskFull(String message) {
    return message != null
        && (message.indexOf("space") >= 0 || message.indexOf("SPC") >= 0 || message.indexOf("full") >= 0
            || message.indexOf("FULL") >= 0 || message.indexOf("uota") >= 0 || message.indexOf("QUOT") >= 0
            || message.indexOf("ephemeral") >= 0 || message.indexOf("DiskPressure") >= 0);
  }

  /** A cheap first look before {@link #NETWORK_TROUBLE}, which every record would otherwise pay for. */
  static boolean mayMentionNetworkTrouble(String s) {
    return s.indexOf("packet") >= 0 || s.indexOf("MTU") >= 0 || s.indexOf("PROPOSAL") >= 0 || s.indexOf("CHILD_SA") >= 0
        || s.indexOf("Link") >= 0 || s.indexOf("carrier") >= 0 || s.indexOf("CRC") >= 0 || s.indexOf("flap") >= 0;
  }

  /** A cheap first look before {@link #LET_THROUGH}: a word for going on anyway, or a switch. */
  static boolean mayMentionLetThrough(String s) {
    return s.indexOf('=') >= 0 || s.indexOf("kept") >= 0 || s.indexOf("eeping") >= 0 || s.indexOf("orward") >= 0
        || s.indexOf("ontinu") >= 0 || s.indexOf("nyway") >= 0 || s.indexOf("as-is") >= 0 || s.indexOf("as is") >= 0
        || s.indexOf("reated") >= 0 || s.indexOf("ccept") >= 0 || s.indexOf("roceed") >= 0 || s.indexOf("raw") >= 0
        || s.indexOf("ithout") >= 0;
  }

  /** A cheap first look before {@link #STOPPING}. */
  static boolean mayMentionStopping(String s) {
    return s.indexOf("SIG") >= 0 || s.indexOf("hutdown") >= 0 || s.indexOf("topping") >= 0 || s.indexOf("estarting") >= 0
        || s.indexOf("shutting") >= 0;
  }

  /** A cheap first look before {@link #RECONNECTING}. */
  static boolean mayMentionReconnecting(String s) {
    return s.indexOf("onnect") >= 0;
  }

  /** A cheap first look before {@link #ADDRESS_CONFLICT} and {@link #ADDRESS_CLAIM}. */
  static boolean mayMentionAddress(String s) {
    return s.indexOf("flip") >= 0 || s.indexOf("ethernet") >= 0 || s.indexOf("uplicate") >= 0 || s.indexOf("onflict") >= 0
        || s.indexOf("my IP") >= 0 || s.indexOf("ci-info") >= 0 || s.indexOf("DHCP") >= 0 || s.indexOf("inet ") >= 0
        || s.indexOf("bound to") >= 0;
  }

  /** A cheap first look before {@link #CLIENT_SPOKE_WRONG}. */
  static boolean mayMentionProtocol(String s) {
    return s.indexOf("SMTP") >= 0 || s.indexOf("version") >= 0 || s.indexOf("TLS") >= 0 || s.indexOf("HTTP") >= 0
        || s.indexOf("http") >= 0 || s.indexOf("protocol") >= 0;
  }

  /** Whether a record speaks for its machine (a journal's program, a node's event). */
  static boolean speaksForHost(String component) {
    return component != null && (HOST_REPORTERS.contains(component) || component.startsWith("node/"));
  }

  /** The same cheap look for capacity refusals. */
  static boolean mayMentionCapacity(String text) {
    return text != null && (text.indexOf("eject") >= 0 || text.indexOf("full") >= 0 || text.indexOf("429") >= 0
        || text.indexOf("verload") >= 0 || text.indexOf("xhaust") >= 0 || text.indexOf("Busy") >= 0
        || text.indexOf("SlowDown") >= 0);
  }

  /** The same cheap look for connection limits. */
  static boolean mayMentionConnectionLimit(String message) {
    return message != null && (message.indexOf("onnection") >= 0 || message.indexOf("lients") >= 0
        || message.indexOf("slots") >= 0 || message.indexOf("CON_COUNT") >= 0);
  }

  private TroubleWords() {}
}
