package dev.selfheal.starter.realserver;

import dev.selfheal.starter.SelfhealHome;
import dev.selfheal.starter.dev.ScratchDevServer;
import java.io.IOException;

/** The dev server for one test class, its files under {@code starter/target/realserver/}. */
public final class RealServer {
  private RealServer() {}

  public static ScratchDevServer start(String name) throws IOException, InterruptedException {
    return ScratchDevServer.start(
        SelfhealHome.path().resolve("starter/target/realserver").resolve(name + "-" + System.currentTimeMillis()));
  }
}
