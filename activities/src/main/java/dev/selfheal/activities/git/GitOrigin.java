package dev.selfheal.activities.git;

import dev.selfheal.activities.config.ServiceSpec;
import java.nio.file.Path;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The catalog's {@code origin} is either a URL or the path of a bare repository on this machine
 * (the local setup). JGit takes both as a URI; the local review host needs the path itself.
 */
public final class GitOrigin {
  // ssh://, https://, file://… or scp-like user@host:path
  private static final Pattern REMOTE = Pattern.compile("^[A-Za-z][A-Za-z0-9+.-]*://.*|^[^/\\s]+@[^/\\s]+:.*");

  private GitOrigin() {}

  /** What to hand to JGit; a relative local path is made absolute so clones do not depend on cwd. */
  public static String uri(ServiceSpec spec) {
    return localPath(spec).map(Path::toString).orElse(spec.origin());
  }

  /** The origin's directory when the origin is local, empty for a URL. */
  public static Optional<Path> localPath(ServiceSpec spec) {
    String origin = spec.origin();
    if (origin.startsWith("file://")) {
      return Optional.of(Path.of(java.net.URI.create(origin)).toAbsolutePath().normalize());
    }
    if (REMOTE.matcher(origin).matches()) {
      return Optional.empty();
    }
    return Optional.of(Path.of(origin).toAbsolutePath().normalize());
  }
}
