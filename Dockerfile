# Switchboard container image, built from a clean clone:
#
#   docker build -t switchboard .
#
# Stage 1 builds the distribution with the Maven wrapper and JDK 17 and links a minimal Java runtime for it;
# stage 2 is a slim Debian with that runtime, the distribution and nothing else (no JDK, no package manager caches,
# no curl). It runs as the unprivileged user 10001, keeps everything in the /var/lib/switchboard volume and reads
# the master key from the Docker secret "switchboard_master_key" (see installer/docker-compose.yml and
# docs/install.md). Only Debian bases are used, so the same file builds where only Debian images can be provided.

FROM debian:bookworm-slim AS build

ENV DEBIAN_FRONTEND=noninteractive LANG=C.UTF-8

# JDK 17 (javac, jdeps, jlink and the jmods) and binutils to strip the runtime's native libraries. Not pinned to
# exact versions: Debian stable only ever moves them forward with security fixes, and an old pin stops resolving.
# The slim base has no /usr/share/man, where the JDK's package registers its man pages (and fails without it).
# linter ignore=ER0012
RUN mkdir -p /usr/share/man/man1 \
 && apt-get update \
 && apt-get install -y --no-install-recommends openjdk-17-jdk-headless binutils \
 && rm -rf /var/lib/apt/lists/*

WORKDIR /src
COPY . .

# The distribution (installer/target/switchboard): only the modules it needs; tests neither compiled nor run.
# The cache mount keeps Maven's downloads between builds (BuildKit and buildah); without it every build downloads
# the dependencies again, which is slower but gives the same image. (SC2215: the linter reads "--mount" as a command.)
# linter ignore=SC2215
RUN --mount=type=cache,id=switchboard-m2,target=/root/.m2 \
    ./mvnw -B -ntp -pl installer -am package -Dmaven.test.skip=true \
 && mkdir -p /out \
 && cp -a installer/target/switchboard /out/switchboard \
 && install -m 0755 installer/container/docker-entrypoint.sh /out/switchboard/bin/docker-entrypoint \
 && install -m 0755 installer/container/healthcheck.sh /out/switchboard/bin/healthcheck

# A minimal Java runtime: the modules jdeps finds in the server and the pre-installed plugins, plus those that are
# only reached by name at run time and that jdeps cannot see:
#   jdk.crypto.ec   elliptic-curve TLS (ECDHE, ECDSA certificates) for HTTPS calls to the providers
#   jdk.charsets    non-UTF-8 charsets that a provider or a browser may declare
#   jdk.zipfs       the zip file system, through which pf4j reads plugin.properties inside plugin JARs
# Add jdk.localedata here once the web UI formats dates in languages other than English.
WORKDIR /out/switchboard
RUN classpath="$(printf '%s:' lib/*.jar)" \
 && modules="$(jdeps --ignore-missing-deps -q --multi-release 17 --recursive --print-module-deps \
      --class-path "$classpath" lib/switchboard-launcher.jar plugins/*.jar)" \
 && echo "runtime modules: $modules" \
 && jlink --add-modules "$modules,jdk.crypto.ec,jdk.charsets,jdk.zipfs" \
      --strip-debug --no-man-pages --no-header-files --compress=2 --generate-cds-archive --output runtime \
 && find runtime -name '*.so' -exec strip --strip-unneeded {} + \
 && rm -f runtime/lib/server/classes_nocoops.jsa \
 && runtime/bin/java -version


FROM debian:bookworm-slim

LABEL org.opencontainers.image.title="Switchboard" \
      org.opencontainers.image.description="Self-hosted, privacy-first hotline server"

# A fixed, unprivileged user: the installer makes the master key file readable by this uid only.
RUN groupadd --system --gid 10001 switchboard \
 && useradd --system --uid 10001 --gid 10001 --home-dir /var/lib/switchboard --no-create-home \
      --shell /usr/sbin/nologin switchboard \
 && install -d -o 10001 -g 10001 -m 0700 /var/lib/switchboard

COPY --from=build /out/switchboard /opt/switchboard

# XDG_CACHE_HOME: JNA unpacks its native helper under the cache folder (else ~/.cache, i.e. the data volume).
ENV PATH=/opt/switchboard/bin:/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
    LANG=C.UTF-8 \
    XDG_CACHE_HOME=/tmp/.cache \
    SWITCHBOARD_DATA=/var/lib/switchboard \
    SWITCHBOARD_PORT=8080

USER 10001:10001
WORKDIR /var/lib/switchboard
VOLUME ["/var/lib/switchboard"]
EXPOSE 8080

# Healthy once /healthz answers 200; the start period covers migrations (and the backup taken before them).
HEALTHCHECK --interval=30s --timeout=10s --start-period=120s --retries=3 \
  CMD ["/opt/switchboard/bin/healthcheck"]

ENTRYPOINT ["/opt/switchboard/bin/docker-entrypoint"]
CMD ["serve"]
