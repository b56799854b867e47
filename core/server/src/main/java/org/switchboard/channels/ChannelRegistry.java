package org.switchboard.channels;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.switchboard.api.Channel;
import org.switchboard.plugins.PluginStatus;

/**
 * Every channel type this server knows — built in (web chat) and from plugins — by type id. Two channels claiming
 * one type stop start-up with a message naming both.
 */
public final class ChannelRegistry {
  private final Map<String, Channel> byType = new LinkedHashMap<>();
  private final Map<String, String> origin = new LinkedHashMap<>();
  private final List<PluginStatus> plugins;

  public ChannelRegistry(Collection<Channel> builtIn, Map<String, List<Channel>> fromPlugins,
      List<PluginStatus> plugins) {
    builtIn.forEach(c -> add(c, "built-in"));
    fromPlugins.forEach((pluginId, channels) -> channels.forEach(c -> add(c, "plugin " + pluginId)));
    this.plugins = List.copyOf(plugins);
  }

  private void add(Channel channel, String source) {
    String type = channel.descriptor().type();
    String existing = origin.putIfAbsent(type, source);
    if (existing != null) {
      throw new DuplicateChannelTypeException("channel type '" + type + "' is provided twice: by " + existing
          + " and by " + source + "; remove one of them from the plugins folder");
    }
    byType.put(type, channel);
  }

  public Optional<Channel> find(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  public Collection<Channel> all() {
    return byType.values();
  }

  public String origin(String type) {
    return origin.getOrDefault(type, "unknown");
  }

  public List<PluginStatus> plugins() {
    return plugins;
  }

  /** Two channels claim the same type id. */
  public static final class DuplicateChannelTypeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public DuplicateChannelTypeException(String message) {
      super(message);
    }
  }
}
