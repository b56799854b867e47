package org.switchboard.cli;

import java.util.concurrent.CountDownLatch;
import org.switchboard.boot.ServerConfig;
import org.switchboard.boot.Switchboard;
import picocli.CommandLine.Command;

/** {@code switchboard serve}: runs the server until stopped (SIGTERM / Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
final class ServeCommand extends ToolCommand {
  @Override
  int run() throws Exception {
    ServerConfig config = config();
    long started = System.nanoTime();
    Switchboard server = Switchboard.open(config, root().extraModules());
    int port = server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    var out = out();
    long millis = (System.nanoTime() - started) / 1_000_000;
    out.println("Switchboard is ready on " + config.baseUrl(port) + " (started in " + millis + " ms; data in "
        + config.dataDir().toAbsolutePath() + ")");
    server.setupCode().ifPresent(code -> {
      out.println();
      out.println("  No organization is set up yet. Open " + config.baseUrl(port) + "/setup");
      out.println("  and enter this one-time setup code:  " + code);
      out.println();
    });
    out.flush();
    stopped.await();
    return 0;
  }
}
