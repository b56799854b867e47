package org.switchboard.cli;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.switchboard.api.Health;
import org.switchboard.boot.ServerConfig;
import org.switchboard.boot.Switchboard;
import org.switchboard.channels.ChannelRegistry;
import org.switchboard.channels.Connector;
import org.switchboard.channels.ConnectorService;
import org.switchboard.crypto.MasterKey;
import picocli.CommandLine.Command;

/**
 * {@code switchboard doctor}: checks what usually goes wrong on a small box — permissions of the data folder and
 * key file, the public URL, channel and bridge health, plugin load errors, free disk — and says what to do.
 */
@Command(name = "doctor", mixinStandardHelpOptions = true, description = "Check the installation and explain problems.")
final class DoctorCommand extends ToolCommand {
  private record Finding(boolean ok, String what, String detail) {}

  @Override
  int run() throws Exception {
    ServerConfig config = config();
    List<Finding> findings = new ArrayList<>();
    checkFolder(config.dataDir(), findings);
    checkKey(config.masterKeyFile(), findings);
    checkDisk(config.dataDir(), findings);
    checkPublicUrl(config, findings);
    if (findings.stream().allMatch(Finding::ok) || Files.exists(config.masterKeyFile())) {
      try (Switchboard server = Switchboard.openForTool(config, root().extraModules())) {
        ChannelRegistry registry = server.get(ChannelRegistry.class);
        registry.plugins().forEach(p -> findings.add(new Finding(!p.failed(), "plugin " + p.id(),
            p.failed() ? p.problem() + " — fix or remove it from " + config.pluginsDir() : "loaded")));
        ConnectorService connectors = server.get(ConnectorService.class);
        for (Connector connector : connectors.all()) {
          if (connector.type().equals("webchat")) {
            continue;
          }
          Health health = connectors.check(connector);
          findings.add(new Finding(health.isOk(), "connector " + connector.id() + " (" + connector.type() + ")",
              health.message() + (health.action().isEmpty() ? "" : " — " + health.action())));
        }
      } catch (RuntimeException | IOException e) {
        findings.add(new Finding(false, "database", OneLine.of(e)));
      }
    }
    var out = out();
    for (Finding f : findings) {
      out.printf("%s  %-28s %s%n", f.ok() ? "ok  " : "FAIL", f.what(), f.detail());
    }
    long failures = findings.stream().filter(f -> !f.ok()).count();
    out.println(failures == 0 ? "all checks passed" : failures + " problem(s) found");
    return failures == 0 ? 0 : 1;
  }

  private static void checkFolder(Path dir, List<Finding> findings) throws IOException {
    if (!Files.isDirectory(dir)) {
      findings.add(new Finding(false, "data folder", dir + " does not exist (start the server once, or check --data)"));
      return;
    }
    if (!Files.isWritable(dir)) {
      findings.add(new Finding(false, "data folder", dir + " is not writable by this user"));
      return;
    }
    if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
      Set<PosixFilePermission> perms = Files.getPosixFilePermissions(dir);
      if (perms.contains(PosixFilePermission.OTHERS_READ) || perms.contains(PosixFilePermission.OTHERS_WRITE)) {
        findings.add(new Finding(false, "data folder", dir + " is readable by other users; run: chmod 700 " + dir));
        return;
      }
    }
    findings.add(new Finding(true, "data folder", dir.toAbsolutePath().toString()));
  }

  private static void checkKey(Path key, List<Finding> findings) {
    if (!Files.exists(key)) {
      findings.add(new Finding(false, "master key", key + " is missing (it is created at first start; if you "
          + "restored a backup, put the original key there)"));
      return;
    }
    try {
      MasterKey.load(key, false);
      findings.add(new Finding(true, "master key", key.toAbsolutePath() + " (mode 600)"));
    } catch (IOException | RuntimeException e) {
      findings.add(new Finding(false, "master key", OneLine.of(e)));
    }
  }

  private static void checkDisk(Path dir, List<Finding> findings) throws IOException {
    Path existing = Files.isDirectory(dir) ? dir : Path.of(".");
    long free = Files.getFileStore(existing).getUsableSpace();
    long mb = free / (1024 * 1024);
    findings.add(new Finding(mb >= 500, "disk space", mb + " MB free" + (mb >= 500 ? ""
        : " — below 500 MB; free space or the database will refuse writes")));
  }

  private static void checkPublicUrl(ServerConfig config, List<Finding> findings) {
    if (config.publicUrl().isEmpty()) {
      findings.add(new Finding(true, "public URL", "not set — fine for trying it out; set SWITCHBOARD_PUBLIC_URL "
          + "before connecting providers (they need an HTTPS URL)"));
      return;
    }
    URI url = config.publicUrl().get();
    try {
      HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
      HttpResponse<Void> response = client.send(HttpRequest.newBuilder(URI.create(url + "/healthz"))
          .timeout(Duration.ofSeconds(8)).GET().build(), HttpResponse.BodyHandlers.discarding());
      boolean ok = response.statusCode() == 200;
      findings.add(new Finding(ok, "public URL", url + "/healthz answered " + response.statusCode()
          + (url.getScheme().equals("https") ? "" : " — providers need HTTPS; put the reverse proxy in front")));
    } catch (IOException | InterruptedException | RuntimeException e) {
      findings.add(new Finding(false, "public URL", url + " is not reachable from this box (" + OneLine.of(e)
          + "); check DNS, the proxy and the firewall"));
    }
  }
}
