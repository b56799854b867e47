package org.switchboard.cli;

import java.util.concurrent.CountDownLatch;
import org.switchboard.boot.ServerConfig;
import org.switchboard.boot.Switchboard;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** {@code switchboard serve}: runs the server until stopped (SIGTERM / Ctrl-C). */
@Command(name = "serve", mixinStandardHelpOptions = true, description = "Run the server.")
final class ServeCommand implements java.util.concurrent.Callable<Integer> {
  @ParentCommand
  SwitchboardCommand parent;

  @Mixin
  ConfigOptions options = new ConfigOptions();

  @Spec
  picocli.CommandLine.Model.CommandSpec spec;

  @Override
  public Integer call() throws Exception {
    ServerConfig config = options.resolve(parent.env());
    long started = System.nanoTime();
    Switchboard server = Switchboard.open(config, parent.extraModules());
    int port = server.start();
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      server.close();
      stopped.countDown();
    }, "shutdown"));
    var out = spec.commandLine().getOut();
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
