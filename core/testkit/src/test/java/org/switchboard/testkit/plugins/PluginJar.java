package org.switchboard.testkit.plugins;

import java.io.IOException;
import java.io.OutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;

/**
 * Builds a real pf4j plugin JAR at test time: a tiny {@code Channel} compiled with the JDK's compiler against the API
 * on the test class path, a {@code META-INF/MANIFEST.MF} with {@code Plugin-Id/Version/Provider/Requires}, and a
 * {@code META-INF/extensions.idx} naming its extensions — what {@code plugins/pom.xml} produces, made by hand so each
 * part can be broken on purpose.
 */
final class PluginJar {
  private final String id;
  private final Map<String, String> manifest = new LinkedHashMap<>();
  private final Map<String, String> sources = new LinkedHashMap<>();
  private final List<String> extensions = new ArrayList<>();

  private PluginJar(String id) {
    this.id = id;
    manifest.put("Plugin-Id", id);
    manifest.put("Plugin-Version", "1.0.0");
    manifest.put("Plugin-Provider", "Switchboard tests");
    manifest.put("Plugin-Requires", ">=0.1.0");
  }

  /** A plugin with the usual manifest and no classes yet. */
  static PluginJar plugin(String id) {
    return new PluginJar(id);
  }

  /** Sets (or, with null, removes) a manifest attribute. */
  PluginJar manifest(String name, String value) {
    if (value == null) {
      manifest.remove(name);
    } else {
      manifest.put(name, value);
    }
    return this;
  }

  /** A channel of {@code type} whose constructor takes what the server exports, listed as an extension. */
  PluginJar channel(String className, String type) {
    return channel(className, type, "");
  }

  /** A channel whose constructor throws. */
  PluginJar throwingChannel(String className, String type) {
    return channel(className, type, "if (clock != null) { throw new IllegalStateException(\"broken on purpose\"); }");
  }

  /** Lists a class in extensions.idx without putting it in the JAR. */
  PluginJar missingExtension(String className) {
    extensions.add(className);
    return this;
  }

  private PluginJar channel(String className, String type, String constructorBody) {
    int dot = className.lastIndexOf('.');
    String pkg = className.substring(0, dot);
    String simple = className.substring(dot + 1);
    sources.put(className, """
        package %1$s;

        import jakarta.inject.Inject;
        import java.time.Clock;
        import java.util.List;
        import java.util.Set;
        import org.pf4j.Extension;
        import org.slf4j.Logger;
        import org.switchboard.api.*;

        @Extension
        public final class %2$s implements Channel {
          private final HttpTransport http;
          private final Clock clock;

          @Inject
          public %2$s(HttpTransport http, Clock clock, Logger log) {
            %4$s
            this.http = http;
            this.clock = clock;
          }

          @Override
          public ChannelDescriptor descriptor() {
            return new ChannelDescriptor("%3$s", "Test channel %3$s", "Built by a test.",
                List.of(ConfigField.text("account", "Account", "Any value.")),
                Set.of(ChannelDescriptor.Capability.WEBHOOKS));
          }

          @Override
          public InboundResult receive(InboundRequest request, ChannelConfig config) {
            return InboundResult.reject(403, "this test channel takes no webhooks");
          }

          @Override
          public SendResult send(OutboundMessage message, ChannelConfig config) {
            return SendResult.failed(FailureKind.CONFIG, "this test channel sends nothing");
          }

          @Override
          public Health check(ChannelConfig config) {
            return http != null && clock != null ? Health.ok("exports injected") : Health.error("no exports", "");
          }
        }
        """.formatted(pkg, simple, type, constructorBody));
    extensions.add(className);
    return this;
  }

  /** Compiles the sources and writes {@code <id>.jar} into {@code folder}. */
  Path writeTo(Path folder) throws IOException {
    Path work = Files.createTempDirectory("plugin-src-" + id);
    Path classes = Files.createDirectories(work.resolve("classes"));
    if (!sources.isEmpty()) {
      List<String> files = new ArrayList<>();
      for (Map.Entry<String, String> source : sources.entrySet()) {
        Path file = work.resolve("src").resolve(source.getKey().replace('.', '/') + ".java");
        Files.createDirectories(file.getParent());
        Files.writeString(file, source.getValue());
        files.add(file.toString());
      }
      JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
      List<String> args = new ArrayList<>(List.of("--release", "17", "-proc:none", "-classpath",
          System.getProperty("java.class.path"), "-d", classes.toString()));
      args.addAll(files);
      ByteArrayOutputStream errors = new ByteArrayOutputStream();
      int status = compiler.run(null, null, errors, args.toArray(String[]::new));
      if (status != 0) {
        throw new IllegalStateException("the test plugin did not compile: " + errors.toString(StandardCharsets.UTF_8));
      }
    }
    Manifest mf = new Manifest();
    mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
    manifest.forEach((name, value) -> mf.getMainAttributes().putValue(name, value));
    Path jar = Files.createDirectories(folder).resolve(id + ".jar");
    try (OutputStream out = Files.newOutputStream(jar); JarOutputStream zip = new JarOutputStream(out, mf)) {
      zip.putNextEntry(new JarEntry("META-INF/extensions.idx"));
      zip.write((String.join("\n", extensions) + "\n").getBytes(StandardCharsets.UTF_8));
      zip.closeEntry();
      try (Stream<Path> files = Files.walk(classes)) {
        for (Path file : files.filter(Files::isRegularFile).sorted().toList()) {
          zip.putNextEntry(new JarEntry(classes.relativize(file).toString().replace('\\', '/')));
          zip.write(Files.readAllBytes(file));
          zip.closeEntry();
        }
      }
    }
    return jar;
  }
}
