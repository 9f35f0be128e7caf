package dev.selfheal.activities.git;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Path;
import org.eclipse.jgit.api.Git;
import org.eclipse.jgit.api.errors.GitAPIException;
import org.eclipse.jgit.lib.ConfigConstants;
import org.eclipse.jgit.lib.Constants;
import org.eclipse.jgit.lib.Repository;
import org.eclipse.jgit.lib.StoredConfig;
import org.eclipse.jgit.transport.RefSpec;
import org.eclipse.jgit.transport.RemoteConfig;
import org.eclipse.jgit.transport.URIish;

/**
 * Clones made the way selfheal needs them. JGit runs an automatic gc after every fetch, by
 * default in a background thread; that thread would still be writing in a clone we are about to
 * rename into place (leaving a stale {@code gc.log.lock} behind) or in a directory a test is
 * deleting. Our repositories run it in the foreground instead: rarely needed, never racing.
 */
public final class Clones {
  private Clones() {}

  /**
   * {@code git clone --no-checkout}: a new repository at {@code dir} with {@code origin} set to
   * {@code uri} and every branch fetched into {@code refs/remotes/origin/*}. HEAD is left unborn.
   */
  public static Git cloneNoCheckout(Path dir, String uri, boolean bare, String monitorName)
      throws GitAPIException, IOException {
    Git git = Git.init().setBare(bare).setDirectory(dir.toFile()).setInitialBranch("selfheal-unborn").call();
    try {
      Repository repo = git.getRepository();
      StoredConfig config = repo.getConfig();
      foregroundGc(config);
      RemoteConfig remote = new RemoteConfig(config, Constants.DEFAULT_REMOTE_NAME);
      remote.addURI(new URIish(uri));
      remote.addFetchRefSpec(new RefSpec("+" + Constants.R_HEADS + "*:" + Constants.R_REMOTES + Constants.DEFAULT_REMOTE_NAME + "/*"));
      remote.update(config);
      config.save();
      git.fetch().setRemote(Constants.DEFAULT_REMOTE_NAME).setProgressMonitor(new HeartbeatMonitor(monitorName)).call();
      return git;
    } catch (URISyntaxException e) {
      git.close();
      throw new IOException("origin " + uri + " is not a valid git URI: " + e.getMessage(), e);
    } catch (GitAPIException | IOException | RuntimeException e) {
      git.close();
      throw e;
    }
  }

  /** An empty repository (the merge scratch clone), configured like the clones. */
  public static Repository init(Path dir, boolean bare) throws GitAPIException, IOException {
    Repository repo = Git.init().setBare(bare).setDirectory(dir.toFile()).setInitialBranch("selfheal-unborn").call().getRepository();
    foregroundGc(repo.getConfig());
    repo.getConfig().save();
    return repo;
  }

  private static void foregroundGc(StoredConfig config) {
    config.setBoolean(ConfigConstants.CONFIG_GC_SECTION, null, ConfigConstants.CONFIG_KEY_AUTODETACH, false);
  }
}
