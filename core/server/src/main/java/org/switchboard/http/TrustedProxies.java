package org.switchboard.http;

import java.net.Inet6Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.server.ForwardedRequestCustomizer;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;

/**
 * Believes {@code X-Forwarded-*} only from a proxy on this machine or the local network (loopback, private IPv4
 * ranges, IPv6 unique-local): the Caddy container or a proxy on the host. A client reaching the server directly
 * cannot choose the address that login and web chat rate limits count.
 */
final class TrustedProxies implements HttpConfiguration.Customizer {
  private final ForwardedRequestCustomizer forwarded = new ForwardedRequestCustomizer();

  @Override
  public Request customize(Request request, HttpFields.Mutable responseHeaders) {
    return trusted(request.getConnectionMetaData().getRemoteSocketAddress())
        ? forwarded.customize(request, responseHeaders) : request;
  }

  static boolean trusted(java.net.SocketAddress peer) {
    if (!(peer instanceof InetSocketAddress socket) || socket.getAddress() == null) {
      return false;
    }
    InetAddress address = socket.getAddress();
    if (address.isLoopbackAddress() || address.isSiteLocalAddress()) {
      return true;
    }
    return address instanceof Inet6Address && (address.getAddress()[0] & 0xfe) == 0xfc;
  }
}
