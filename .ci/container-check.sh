#!/usr/bin/env bash
# Container and installer checks: .ci/run calls this after `./mvnw verify`; run it by hand the same way
# (as root: it uses debootstrap, chroot, mount namespaces and buildah).
#
#   .ci/container-check.sh
#
# Steps (each prints "==> [seconds] step"; a failure prints "FAILED in step: ..." and exits non-zero):
#   tools       installs what is missing: buildah, podman, debootstrap, shellcheck, curl (apt); dockerlinter and
#               dclint (npm, --ignore-scripts, into the cache folder); Debian's caddy binary, unpacked from its
#               .deb into the cache folder (not installed, so no service starts).
#   lint        the Dockerfile (dockerlinter), every shell script (shellcheck), the Compose file (dclint: the
#               compose-spec schema and its rules), the Caddyfile (caddy validate), the systemd unit
#               (systemd-analyze verify, and security: exposure <= 2.0).
#   base        debootstraps a Debian bookworm minbase once (cached), slims it like debian:bookworm-slim and
#               imports it as docker.io/library/debian:bookworm-slim into a private container storage, so the
#               Dockerfile's unchanged FROM lines resolve without a registry.
#   build       builds the real Dockerfile with buildah (vfs storage, chroot isolation).
#   image       checks the image: size <= 200 MB, user 10001, entrypoint, healthcheck, volume, port.
#   run         starts the image's own ENTRYPOINT + CMD with `buildah run` (the image's user, environment and
#               working folder; the host's network, on a free port), with a master key where the Compose secret
#               goes; waits for /healthz 200 and the setup code; runs the image's HEALTHCHECK command against it
#               (healthy), stops the server and runs it again (unhealthy).
#   hardened    starts the image again the way installer/docker-compose.yml does: read-only root, a tmpfs /tmp
#               that allows exec, uid 10001 without capabilities and with no-new-privileges, the key as a 0600 file
#               owned by 10001 at /run/secrets/switchboard_master_key, a fresh data folder; waits for /healthz.
#   installer   runs installer/install.sh --unattended in a fresh Debian root (chroot, private network namespace)
#               with a stub `docker` that records its calls, and checks what it wrote and called; then re-runs it
#               (upgrade), and checks the failure paths (no Docker, port 80 taken, key lost, piped `| sh`).
#
# What this proves: the Dockerfile builds from the source tree on a Debian base; the jlinked runtime starts the
# server with both plugins; the image's user, entrypoint, key handling and health check work, also under the
# Compose file's restrictions; install.sh writes the right files with the right owners and modes, calls
# `docker build` / `docker compose pull` / `docker compose up -d` in the install folder, keeps .env, keys and data
# on a re-run, and prints the setup code it is given.
# What it cannot prove (no Docker engine runs here): that Docker and Compose accept everything the schema allows,
# that the three containers reach each other by name, that the Signal bridge and Caddy images start, that Caddy
# obtains a certificate, or that install.sh reads the real `docker compose logs` format (the stub imitates it).
# The base image is a debootstrapped stand-in for debian:bookworm-slim (same release and packages, slimmed the
# same way, within a few MB in size); where this machine's network intercepts TLS, the host's extra CA certificates
# are added to the stand-in so Maven can download inside the build (the final image's Java runtime keeps its own
# CA list). Maven's downloads inside the build are seeded from the host's ~/.m2 to save time; set
# SWITCHBOARD_CI_COLD=1 to start the build's Maven cache empty. SWITCHBOARD_CI_REUSE_IMAGE=1 skips the build when an
# image from an earlier run exists (only for working on the later steps); SWITCHBOARD_CI_KEEP=1 keeps the work folder
# (logs, the installer's fresh root) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."

cache=${SWITCHBOARD_CI_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/switchboard-ci}
image=localhost/switchboard:ci
base=docker.io/library/debian:bookworm-slim
mirror=${DEBIAN_MIRROR:-http://deb.debian.org/debian}
size_limit_mb=200
health_wait=${SWITCHBOARD_CI_HEALTH_WAIT:-120}
dockerlinter_version=2.0.0
dclint_version=3.1.0
storage=(--root "$cache/containers/storage" --runroot "$cache/containers/run" --storage-driver vfs)

started=$SECONDS
current=setup
step() {
  current=$1
  printf '==> [%4ss] %s\n' "$((SECONDS - started))" "$1"
}
fail() {
  echo "FAILED in step '$current': $*" >&2
  exit 1
}
check() {
  # check DESCRIPTION COMMAND...: runs the command quietly; on failure shows its output and fails the step.
  local what=$1
  shift
  if ! "$@" >"$work/check.out" 2>&1; then
    cat "$work/check.out" >&2
    fail "$what"
  fi
  echo "    ok: $what"
}

work=
ctr=
server_pids=()
cleanup() {
  local rc=$?
  for pid in "${server_pids[@]}"; do
    kill -TERM -- "-$pid" 2>/dev/null || true
  done
  for pid in "${server_pids[@]}"; do
    wait "$pid" 2>/dev/null || true
  done
  if [ -n "$ctr" ]; then
    buildah "${storage[@]}" rm "$ctr" >/dev/null 2>&1 || true
  fi
  if [ -n "$work" ] && [ "${SWITCHBOARD_CI_KEEP:-0}" = 1 ]; then
    echo "    kept $work (SWITCHBOARD_CI_KEEP=1)"
  elif [ -n "$work" ]; then
    rm -rf --one-file-system "$work" 2>/dev/null || true
  fi
  if [ "$rc" -ne 0 ]; then
    echo "FAILED in step '$current' (exit $rc) after $((SECONDS - started))s" >&2
  else
    echo "==> container and installer checks passed in $((SECONDS - started))s"
  fi
  exit "$rc"
}
trap cleanup EXIT

if [ "$(id -u)" -ne 0 ]; then
  if command -v sudo >/dev/null 2>&1; then
    exec sudo -E "$0" "$@"
  fi
  fail "run as root: debootstrap, chroot and buildah need it"
fi

mkdir -p "$cache"
work=$(mktemp -d /tmp/switchboard-container-check.XXXXXX)

free_port() {
  local port
  for port in $(shuf -i 20000-40000 -n 50); do
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$port") 2>/dev/null; then
      echo "$port"
      return
    fi
  done
  fail "no free port found"
}

wait_healthy() {
  # wait_healthy PORT PID LOG: until /healthz answers 200, the server dies, or the time is up.
  local port=$1 pid=$2 log=$3 i
  for ((i = 0; i < health_wait; i++)); do
    if curl -fsS --max-time 2 -o "$work/healthz.json" "http://127.0.0.1:$port/healthz" 2>/dev/null; then
      echo "    /healthz answered 200 after ${i}s: $(cat "$work/healthz.json")"
      return 0
    fi
    if ! kill -0 "$pid" 2>/dev/null; then
      cat "$log" >&2
      fail "the server exited before it was healthy (its output is above)"
    fi
    sleep 1
  done
  cat "$log" >&2
  fail "/healthz did not answer 200 within ${health_wait}s (the server's output is above)"
}

stop_server() {
  local pid=$1
  kill -TERM -- "-$pid" 2>/dev/null || true
  for _ in $(seq 30); do
    kill -0 "$pid" 2>/dev/null || break
    sleep 1
  done
  kill -KILL -- "-$pid" 2>/dev/null || true
  wait "$pid" 2>/dev/null || true
}

# -----------------------------------------------------------------------------------------------------------------
step "tools"
as_apt=()
command -v buildah >/dev/null 2>&1 || as_apt+=(buildah)
command -v podman >/dev/null 2>&1 || as_apt+=(podman)
command -v debootstrap >/dev/null 2>&1 || as_apt+=(debootstrap)
command -v shellcheck >/dev/null 2>&1 || as_apt+=(shellcheck)
command -v curl >/dev/null 2>&1 || as_apt+=(curl)
command -v unshare >/dev/null 2>&1 || as_apt+=(util-linux)
command -v systemd-analyze >/dev/null 2>&1 || as_apt+=(systemd)
if [ ${#as_apt[@]} -gt 0 ]; then
  echo "    installing ${as_apt[*]}"
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${as_apt[@]}" >/dev/null
fi
npm_prefix=$cache/npm
if [ ! -x "$npm_prefix/node_modules/.bin/dockerlinter" ] || [ ! -x "$npm_prefix/node_modules/.bin/dclint" ]; then
  command -v npm >/dev/null 2>&1 || fail "npm is needed for dockerlinter and dclint"
  echo "    installing dockerlinter@$dockerlinter_version dclint@$dclint_version (npm, --ignore-scripts)"
  npm install --prefix "$npm_prefix" --ignore-scripts --no-audit --no-fund --loglevel=error \
    "dockerlinter@$dockerlinter_version" "dclint@$dclint_version" >/dev/null
fi
caddy=$cache/caddy/usr/bin/caddy
if [ ! -x "$caddy" ]; then
  echo "    unpacking Debian's caddy"
  rm -rf "$cache/caddy" "$work/caddy-deb"
  mkdir -p "$work/caddy-deb"
  (cd "$work/caddy-deb" && apt-get download caddy >/dev/null 2>&1) \
    || { apt-get update -qq && (cd "$work/caddy-deb" && apt-get download caddy >/dev/null 2>&1); } \
    || fail "apt-get download caddy failed"
  dpkg-deb -x "$work"/caddy-deb/caddy_*.deb "$cache/caddy"
fi

# -----------------------------------------------------------------------------------------------------------------
step "lint"
check "Dockerfile passes dockerlinter" "$npm_prefix/node_modules/.bin/dockerlinter" -e info -f Dockerfile
scripts=(installer/install.sh installer/container/*.sh .ci/*.sh .ci/run installer/src/dist/bin/switchboard)
check "shellcheck: ${scripts[*]}" shellcheck "${scripts[@]}"
check "docker-compose.yml passes dclint (compose-spec schema + rules)" \
  "$npm_prefix/node_modules/.bin/dclint" --max-warnings 0 --no-color installer/docker-compose.yml
check "Caddyfile passes caddy validate" env HOME="$work/caddy-home" XDG_DATA_HOME="$work/caddy-home" \
  XDG_CONFIG_HOME="$work/caddy-home" SWITCHBOARD_DOMAIN=hotline.example.org ACME_EMAIL=admin@example.org \
  "$caddy" validate --config installer/Caddyfile --adapter caddyfile
if ! "$caddy" fmt installer/Caddyfile | cmp -s - installer/Caddyfile; then
  fail "installer/Caddyfile is not formatted as 'caddy fmt' writes it"
fi
# The unit, checked against this machine's systemd units with the launcher where the unit expects it; any message
# (an unknown or misspelt setting is only a warning to systemd) fails. Its hardening must stay at exposure <= 2.0.
unit_root=$work/unit-root
mkdir -p "$unit_root/etc/systemd/system" "$unit_root/lib/systemd" "$unit_root/opt/switchboard/bin"
cp -a /lib/systemd/system "$unit_root/lib/systemd/"
cp installer/systemd/switchboard.service "$unit_root/etc/systemd/system/"
install -m 0755 installer/src/dist/bin/switchboard "$unit_root/opt/switchboard/bin/switchboard"
systemd-analyze verify --root="$unit_root" /etc/systemd/system/switchboard.service >"$work/unit.log" 2>&1 || true
if [ -s "$work/unit.log" ]; then
  cat "$work/unit.log" >&2
  fail "systemd-analyze verify complains about installer/systemd/switchboard.service"
fi
echo "    ok: systemd-analyze verify accepts the unit"
check "the unit's exposure (systemd-analyze security) is at most 2.0" \
  systemd-analyze security --offline=true --threshold=20 installer/systemd/switchboard.service
grep -q '^MemoryDenyWriteExecute' installer/systemd/switchboard.service \
  && fail "the unit must not set MemoryDenyWriteExecute: the JVM's JIT needs writable, executable memory"
grep -Eq '^ +ports:' <(sed -n '/^  signal-cli:/,/^  [a-z]/p' installer/docker-compose.yml) \
  && fail "the Signal bridge must never publish a port"
grep -Eq '^ +ports:' <(sed -n '/^  switchboard:/,/^[a-z]/p' installer/docker-compose.yml) \
  && fail "Switchboard must be reached only through Caddy (it trusts X-Forwarded-*)"
echo "    ok: neither Switchboard nor the Signal bridge publishes a port"

# -----------------------------------------------------------------------------------------------------------------
step "base image ($base, stand-in)"
# Bump the version when the recipe below changes, so that a root cached from the old recipe is not used.
base_tar=$cache/bookworm-slim-rootfs-v2.tar
find "$cache" -maxdepth 1 -name 'bookworm-slim-rootfs*.tar' ! -name "${base_tar##*/}" -delete
if [ ! -s "$base_tar" ]; then
  rootfs=$work/bootstrap
  echo "    debootstrap --variant=minbase bookworm (once; cached in $base_tar)"
  debootstrap --variant=minbase bookworm "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
    || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed"; }
  # Slim it the way debian:bookworm-slim is: no documentation, man pages, locales or package caches, and the same
  # dpkg exclusions so packages installed later stay slim too.
  cat >"$rootfs/etc/dpkg/dpkg.cfg.d/docker" <<'EOF'
path-exclude /usr/share/doc/*
path-include /usr/share/doc/*/copyright
path-exclude /usr/share/man/*
path-exclude /usr/share/groff/*
path-exclude /usr/share/info/*
path-exclude /usr/share/lintian/*
path-exclude /usr/share/linda/*
path-exclude /usr/share/locale/*
EOF
  # As in the official image: dpkg skips fsync (a container build is redone, not repaired), apt keeps no .debs.
  echo force-unsafe-io >"$rootfs/etc/dpkg/dpkg.cfg.d/docker-apt-speedup"
  cat >"$rootfs/etc/apt/apt.conf.d/docker-clean" <<'APT'
DPkg::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
APT::Update::Post-Invoke { "rm -f /var/cache/apt/archives/*.deb /var/cache/apt/archives/partial/*.deb /var/cache/apt/*.bin || true"; };
Dir::Cache::pkgcache "";
Dir::Cache::srcpkgcache "";
APT
  echo 'Acquire::Languages "none";' >"$rootfs/etc/apt/apt.conf.d/docker-no-languages"
  rm -f "$rootfs/etc/apt/sources.list"
  cat >"$rootfs/etc/apt/sources.list.d/debian.sources" <<EOF
Types: deb
URIs: $mirror
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb
URIs: ${mirror%/debian}/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/lib/apt/lists/* \
    "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* "$rootfs"/usr/share/groff/* "$rootfs"/usr/share/lintian/* \
    "$rootfs"/usr/share/locale/* "$rootfs"/var/log/*.log "$rootfs"/var/log/apt/* "$rootfs/etc/hostname" \
    "$rootfs/etc/resolv.conf" "$rootfs/debootstrap"
  find "$rootfs/usr/share/doc" -mindepth 1 ! -type d ! -name copyright -delete
  find "$rootfs/usr/share/doc" -mindepth 1 -type d -empty -delete
  tar -C "$rootfs" --numeric-owner -cf "$base_tar.tmp" .
  mv "$base_tar.tmp" "$base_tar"
  rm -rf --one-file-system "$rootfs"
fi
# The stand-in base gets this machine's extra CA certificates (a TLS-intercepting proxy's), so that TLS from inside
# the build verifies here as it does on the host. Without such certificates the base is plain Debian.
extra_cas=(/usr/local/share/ca-certificates/*.crt)
[ -e "${extra_cas[0]}" ] || extra_cas=()
base_id=$(
  cat "$base_tar" "${extra_cas[@]}" | sha256sum | cut -c1-16
)
if [ "$(podman "${storage[@]}" image inspect --format '{{index .Labels "switchboard.ci.base"}}' "$base" 2>/dev/null)" != "$base_id" ]; then
  base_dir=$work/base
  mkdir -p "$base_dir"
  tar -C "$base_dir" -xf "$base_tar"
  if [ ${#extra_cas[@]} -gt 0 ]; then
    mkdir -p "$base_dir/usr/local/share/ca-certificates"
    cp "${extra_cas[@]}" "$base_dir/usr/local/share/ca-certificates/"
    echo "    added this machine's extra CA certificates: ${extra_cas[*]##*/}"
  fi
  tar -C "$base_dir" --numeric-owner -c . \
    | podman "${storage[@]}" import --change 'CMD ["bash"]' --change "LABEL switchboard.ci.base=$base_id" - "$base" \
      >"$work/import.log" 2>&1 || { cat "$work/import.log" >&2; fail "podman import failed"; }
  rm -rf --one-file-system "$base_dir"
fi
echo "    $base: $(podman "${storage[@]}" image inspect --format '{{.Size}}' "$base" | awk '{ printf "%.1f MB", $1 / 1e6 }')"

# -----------------------------------------------------------------------------------------------------------------
step "build (buildah bud, the real Dockerfile)"
# Leftovers of an interrupted run in the private storage.
buildah "${storage[@]}" rm --all >/dev/null 2>&1 || true
m2_cache=/var/tmp/buildah-cache/switchboard-m2
if [ "${SWITCHBOARD_CI_COLD:-0}" = 1 ]; then
  rm -rf "$m2_cache"
elif [ ! -d "$m2_cache/repository" ] && [ -d "$HOME/.m2/repository" ]; then
  echo "    seeding the build's Maven cache from $HOME/.m2"
  mkdir -p "$m2_cache"
  cp -a "$HOME/.m2/repository" "$m2_cache/"
  [ -d "$HOME/.m2/wrapper" ] && cp -a "$HOME/.m2/wrapper" "$m2_cache/"
fi
build_started=$SECONDS
if [ "${SWITCHBOARD_CI_REUSE_IMAGE:-0}" = 1 ] && podman "${storage[@]}" image exists "$image"; then
  # For working on the later steps only: CI never sets it.
  echo "    SWITCHBOARD_CI_REUSE_IMAGE=1: using the image built before"
  echo "runtime modules: (reused image)" >"$work/build.log"
elif ! buildah "${storage[@]}" bud --isolation chroot --format docker --layers=false --pull-never \
  -t "$image" -f Dockerfile . 2>&1 | while IFS= read -r line; do printf '%(%s)T %s\n' -1 "$line"; done \
  >"$work/build.log"; then
  tail -60 "$work/build.log" >&2
  fail "buildah bud failed (the last lines of its output are above)"
else
  # How long each Dockerfile step took (those over 5 s), to see where the time goes.
  awk '/ STEP [0-9]+\/[0-9]+: / { if (name != "" && $1 - start > 5) printf "      %4ds  %s\n", $1 - start, name
         start = $1; name = substr($0, index($0, "STEP")); if (length(name) > 90) name = substr(name, 1, 90) "..." }
       END { if (name != "" && $1 - start > 5) printf "      %4ds  %s\n", $1 - start, name }' "$work/build.log"
  sed -i 's/^[0-9]* //' "$work/build.log"
fi
buildah "${storage[@]}" rmi --prune >/dev/null 2>&1 || true
echo "    built in $((SECONDS - build_started))s; $(grep -m1 '^runtime modules:' "$work/build.log")"

# -----------------------------------------------------------------------------------------------------------------
step "image"
inspect() { podman "${storage[@]}" image inspect --format "$1" "$image"; }
size=$(inspect '{{.Size}}')
size_mb=$((size / 1000000))
echo "    size: $size_mb MB (limit $size_limit_mb MB)"
[ "$size_mb" -le "$size_limit_mb" ] || fail "the image is $size_mb MB, over the $size_limit_mb MB limit"
check "runs as 10001:10001" test "$(inspect '{{.Config.User}}')" = 10001:10001
check "exec-form ENTRYPOINT docker-entrypoint, CMD serve" \
  test "$(inspect '{{json .Config.Entrypoint}} {{json .Config.Cmd}}')" = '["/opt/switchboard/bin/docker-entrypoint"] ["serve"]'
check "HEALTHCHECK runs bin/healthcheck" \
  test "$(inspect '{{json .Config.Healthcheck.Test}}')" = '["CMD","/opt/switchboard/bin/healthcheck"]'
check "volume /var/lib/switchboard" grep -q '/var/lib/switchboard' <<<"$(inspect '{{json .Config.Volumes}}')"
check "exposes 8080/tcp" grep -q '8080/tcp' <<<"$(inspect '{{json .Config.ExposedPorts}}')"
mapfile -t image_env < <(inspect '{{range .Config.Env}}{{println .}}{{end}}' | sed '/^$/d')

# -----------------------------------------------------------------------------------------------------------------
step "run (buildah run: the image's entrypoint, user and environment)"
ctr=$(buildah "${storage[@]}" from --pull-never "$image")
mapfile -t entrypoint < <(inspect '{{range .Config.Entrypoint}}{{println .}}{{end}}' | sed '/^$/d')
mapfile -t cmd < <(inspect '{{range .Config.Cmd}}{{println .}}{{end}}' | sed '/^$/d')
port=$(free_port)
data=$work/run-data
mkdir -p "$data" "$work/secrets"
head -c 32 /dev/urandom | base64 >"$work/secrets/master.key"
chmod 0700 "$data"
chmod 0600 "$work/secrets/master.key"
chown -R 10001:10001 "$data" "$work/secrets/master.key"
key_sum=$(sha256sum <"$work/secrets/master.key")
run_opts=(--isolation chroot
  --env "SWITCHBOARD_PORT=$port"
  --env SWITCHBOARD_PUBLIC_URL=https://hotline.example.org
  --volume "$data:/var/lib/switchboard"
  --volume "$work/secrets/master.key:/run/secrets/switchboard_master_key:ro")
setsid buildah "${storage[@]}" run "${run_opts[@]}" "$ctr" -- "${entrypoint[@]}" "${cmd[@]}" \
  >"$work/run.log" 2>&1 &
server=$!
server_pids+=("$server")
wait_healthy "$port" "$server" "$work/run.log"
for _ in $(seq 10); do grep -q 'one-time setup code:' "$work/run.log" && break; sleep 1; done
check "the setup code is printed" grep -Eq 'one-time setup code: +[A-Z0-9]{4}-[A-Z0-9]{4}-[A-Z0-9]{4}' "$work/run.log"
check "both plugins started" grep -q '"id":"twilio".*"state":"STARTED"' "$work/healthz.json"
check "the JVM runs as uid 10001" \
  grep -q "^Uid:[[:space:]]*10001" "/proc/$(pgrep -n -s "$server" java)/status"
check "the key came from the secret (no key created in the data folder)" test ! -e "$data/keys/master.key"
check "the image's HEALTHCHECK command says healthy" \
  buildah "${storage[@]}" run --isolation chroot --env "SWITCHBOARD_PORT=$port" "$ctr" -- /opt/switchboard/bin/healthcheck
stop_server "$server"
if buildah "${storage[@]}" run --isolation chroot --env "SWITCHBOARD_PORT=$port" "$ctr" -- \
  /opt/switchboard/bin/healthcheck >/dev/null 2>&1; then
  fail "the HEALTHCHECK command says healthy with the server stopped"
fi
echo "    ok: the HEALTHCHECK command says unhealthy once the server is stopped"
check "the key file is unchanged" test "$(sha256sum <"$work/secrets/master.key")" = "$key_sum"

# -----------------------------------------------------------------------------------------------------------------
step "hardened (read-only root, tmpfs /tmp, no capabilities: as docker-compose.yml runs it)"
rootfs=$(buildah "${storage[@]}" mount "$ctr")
port=$(free_port)
data2=$work/hardened-data
mkdir -p "$data2" "$work/hardened-root"
chmod 0700 "$data2"
chown 10001:10001 "$data2"
env_args=(-i "${image_env[@]}" HOME=/var/lib/switchboard "SWITCHBOARD_PORT=$port"
  SWITCHBOARD_PUBLIC_URL=https://hotline.example.org
  SWITCHBOARD_MASTER_KEY_FILE=/run/secrets/switchboard_master_key SWITCHBOARD_LOG_FORMAT=text)
# shellcheck disable=SC2016 # expanded by the inner bash
setsid unshare --mount --propagation private -- bash -euc '
  root=$1 mnt=$2 data=$3 key=$4
  shift 4
  mount --rbind "$root" "$mnt"
  mount -o remount,bind,ro "$mnt"
  mount -t tmpfs -o rw,exec,nosuid,nodev,size=256m,mode=1777 tmpfs "$mnt/tmp"
  mount -t tmpfs -o rw,nosuid,nodev,mode=0755 tmpfs "$mnt/run"
  mkdir "$mnt/run/secrets"
  touch "$mnt/run/secrets/switchboard_master_key"
  mount --bind "$key" "$mnt/run/secrets/switchboard_master_key"
  mount --bind "$data" "$mnt/var/lib/switchboard"
  mount -t proc proc "$mnt/proc"
  mount --rbind /dev "$mnt/dev"
  exec chroot "$mnt" setpriv --reuid=10001 --regid=10001 --clear-groups --no-new-privs \
    --bounding-set=-all --inh-caps=-all env "$@"
' hardened "$rootfs" "$work/hardened-root" "$data2" "$work/secrets/master.key" "${env_args[@]}" \
  /opt/switchboard/bin/docker-entrypoint serve >"$work/hardened.log" 2>&1 &
server=$!
server_pids+=("$server")
wait_healthy "$port" "$server" "$work/hardened.log"
check "the database is in the data folder" test -s "$data2/switchboard.db"
check "nothing but the database, its backups and the class-data cache went into the data folder" \
  test -z "$(find "$data2" -mindepth 1 -maxdepth 1 ! -name 'switchboard.db*' ! -name backups ! -name cache)"
stop_server "$server"
buildah "${storage[@]}" umount "$ctr" >/dev/null

# -----------------------------------------------------------------------------------------------------------------
step "installer (install.sh --unattended in a fresh Debian root, stub docker)"
host=$work/host
mkdir -p "$host"
tar -C "$host" -xf "$base_tar"
# The clone, as install.sh sees it when run from one (only the files it looks at).
mkdir -p "$host/src/switchboard/installer"
cp Dockerfile mvnw "$host/src/switchboard/"
cp installer/install.sh installer/docker-compose.yml installer/Caddyfile "$host/src/switchboard/installer/"
cat >"$host/usr/local/bin/docker" <<'EOF'
#!/bin/sh
# Stub docker for the installer check: records each call (folder | arguments), answers like Docker would.
state=/var/lib/docker-stub
mkdir -p "$state"
printf '%s | %s\n' "$PWD" "$*" >>"$state/calls"
case $* in
  "info --format {{.SecurityOptions}}") echo "[name=seccomp,profile=builtin name=cgroupns]" ;;
  "info --format {{.DockerRootDir}}") echo /var/lib/docker ;;
  info) echo "Server Version: 27.3.1" ;;
  "compose version") echo "Docker Compose version v2.29.7" ;;
  "volume inspect switchboard_switchboard-data") [ -e "$state/volume" ] || exit 1; echo "[{}]" ;;
  "compose up -d"*) touch "$state/volume" ;;
  "compose exec -T switchboard /opt/switchboard/bin/healthcheck --print")
    if [ -e "$state/setup-complete" ]; then complete=true; else complete=false; fi
    printf '{"status":"ok","database":"ok","setupComplete":%s,"channels":[],"plugins":[]}\n' "$complete" ;;
  "compose logs --no-color switchboard")
    echo "switchboard-1  | Switchboard is ready on https://old.example.org (started in 1500 ms; data in /var/lib/switchboard)"
    echo "switchboard-1  |   and enter this one-time setup code:  OLD0-OLD0-OLD0"
    echo "switchboard-1  | Switchboard is ready on https://hotline.example.org (started in 1500 ms; data in /var/lib/switchboard)"
    echo "switchboard-1  | "
    echo "switchboard-1  |   No organization is set up yet. Open https://hotline.example.org/setup"
    echo "switchboard-1  |   and enter this one-time setup code:  ABCD-EFGH-JK23" ;;
esac
exit 0
EOF
chmod 0755 "$host/usr/local/bin/docker"

# in_host [--busy-port] COMMAND: runs a shell command in the fresh root, in its own mount and network namespaces
# (nothing it does reaches this machine's network or ports).
in_host() {
  local busy=no
  if [ "$1" = --busy-port ]; then busy=yes; shift; fi
  # shellcheck disable=SC2016 # expanded by the inner bash
  unshare --mount --net --propagation private --fork -- bash -euc '
    host=$1 busy=$2 command=$3
    mount -t proc proc "$host/proc"
    mount --rbind /dev "$host/dev"
    if [ "$busy" = yes ]; then
      perl -MIO::Socket::INET -e "my \$s = IO::Socket::INET->new(LocalPort => 80, Listen => 1) or die; sleep 60" &
      sleep 1
    fi
    status=0
    chroot "$host" /usr/bin/env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root \
      /bin/sh -c "$command" </dev/null || status=$?
    [ "$busy" = no ] || kill %1 2>/dev/null || true
    exit "$status"
  ' in_host "$host" "$busy" "$*"
}

calls=$host/var/lib/docker-stub/calls
sb=/opt/switchboard
install_args="--unattended --domain hotline.example.org --email admin@example.org"
mode_of() { stat -c '%a %u:%g' "$host$1"; }

echo "  -- first install, from the clone"
in_host "/src/switchboard/installer/install.sh $install_args" >"$work/install1.log" 2>&1 \
  || { cat "$work/install1.log" >&2; fail "install.sh failed on a fresh machine (output above)"; }
check ".env written, mode 600, owned by root" test "$(mode_of $sb/.env)" = "600 0:0"
check ".env holds the domain, email and image" \
  grep -qx 'SWITCHBOARD_DOMAIN=hotline.example.org' "$host$sb/.env"
grep -qx 'SWITCHBOARD_ACME_EMAIL=admin@example.org' "$host$sb/.env" || fail ".env lacks the email"
grep -qx 'SWITCHBOARD_IMAGE=switchboard:local' "$host$sb/.env" || fail ".env lacks the image"
check "secrets/ is mode 700, owned by root" test "$(mode_of $sb/secrets)" = "700 0:0"
check "secrets/master.key is mode 600, owned by 10001" test "$(mode_of $sb/secrets/master.key)" = "600 10001:10001"
check "the master key is 32 bytes, base64" test "$(base64 -d <"$host$sb/secrets/master.key" | wc -c)" -eq 32
check "docker-compose.yml and Caddyfile copied unchanged" \
  cmp -s installer/docker-compose.yml "$host$sb/docker-compose.yml"
cmp -s installer/Caddyfile "$host$sb/Caddyfile" || fail "Caddyfile differs from the repository's"
check "built the image from the clone" grep -qx '/ | build -t switchboard:local /src/switchboard' "$calls"
check "pulled the bridge and Caddy in the install folder" \
  grep -qx "$sb | compose pull --quiet caddy signal-cli" "$calls"
check "ran 'docker compose up -d' in the install folder" grep -qx "$sb | compose up -d --remove-orphans" "$calls"
check "every compose call ran in the install folder" \
  test -z "$(grep ' | compose ' "$calls" | grep -v ' | compose version$' | grep -v "^$sb | ")"
check "printed the setup address and the newest setup code" \
  grep -q 'one-time code: *ABCD-EFGH-JK23' "$work/install1.log"
grep -q 'https://hotline.example.org/setup' "$work/install1.log" || fail "the setup address is not printed"

echo "  -- second run (upgrade): the admin edited .env and docker-compose.yml; other options given"
sed -i 's|^SIGNAL_CLI_IMAGE=.*|SIGNAL_CLI_IMAGE=bbernhard/signal-cli-rest-api:0.101|' "$host$sb/.env"
echo 'MY_OWN_SETTING=kept' >>"$host$sb/.env"
echo '# my change' >>"$host$sb/docker-compose.yml"
env_before=$(sha256sum <"$host$sb/.env")
key_before=$(sha256sum <"$host$sb/secrets/master.key")
: >"$calls"
in_host "/src/switchboard/installer/install.sh --unattended --domain other.example.org --email other@example.org" \
  >"$work/install2.log" 2>&1 || { cat "$work/install2.log" >&2; fail "the re-run failed (output above)"; }
check ".env unchanged by the re-run" test "$(sha256sum <"$host$sb/.env")" = "$env_before"
check ".env still mode 600" test "$(mode_of $sb/.env)" = "600 0:0"
check "the re-run said it keeps the domain in .env" grep -q "SWITCHBOARD_DOMAIN is 'hotline.example.org'" "$work/install2.log"
check "the master key unchanged, mode 600, owned by 10001" test "$(sha256sum <"$host$sb/secrets/master.key")" = "$key_before"
test "$(mode_of $sb/secrets/master.key)" = "600 10001:10001" || fail "the key's mode or owner changed"
check "the edited docker-compose.yml kept as a .bak, the new one installed" \
  grep -q '# my change' "$host$sb"/docker-compose.yml.bak.*
cmp -s installer/docker-compose.yml "$host$sb/docker-compose.yml" || fail "docker-compose.yml not updated"
check "rebuilt and ran 'docker compose up -d' again" grep -qx "$sb | compose up -d --remove-orphans" "$calls"
grep -q ' | build -t switchboard:local ' "$calls" || fail "the re-run did not rebuild the image"
check "nothing was removed (no down, rm or volume rm)" test -z "$(grep -E ' \| (compose (down|rm)|volume rm|rm )' "$calls")"

echo "  -- third run (sh install.sh from inside installer/): organization already set up"
touch "$host/var/lib/docker-stub/setup-complete"
in_host "cd /src/switchboard/installer && sh install.sh --unattended" >"$work/install3.log" 2>&1 \
  || { cat "$work/install3.log" >&2; fail "the third run failed (output above)"; }
check "says it is set up instead of printing a setup code" grep -q 'up to date and running' "$work/install3.log"
if grep -q 'one-time code' "$work/install3.log"; then fail "printed a setup code although setup is complete"; fi

echo "  -- failure paths"
mv "$host$sb/secrets/master.key" "$work/saved.key"
if in_host "/src/switchboard/installer/install.sh --unattended" >"$work/install4.log" 2>&1; then
  fail "install.sh made a new key although the data volume exists"
fi
check "refuses a lost key while the data volume exists" grep -q 'put the master key back' "$work/install4.log"
check "... and changes nothing" test "$(sha256sum <"$host$sb/.env")" = "$env_before"
test ! -e "$host$sb/secrets/master.key" || fail "install.sh created a new key next to existing data"
mv "$work/saved.key" "$host$sb/secrets/master.key"
if in_host --busy-port "/src/switchboard/installer/install.sh $install_args --dir /opt/second" \
  >"$work/install5.log" 2>&1; then
  fail "install.sh went on although port 80 was taken"
fi
check "stops when port 80 is taken" grep -q 'port 80 is already in use' "$work/install5.log"
if in_host "PATH=/usr/bin:/bin /src/switchboard/installer/install.sh $install_args --dir /opt/third" \
  >"$work/install6.log" 2>&1; then
  fail "install.sh went on without Docker"
fi
check "stops without Docker, saying so" grep -q 'Docker is not installed' "$work/install6.log"
if in_host "/src/switchboard/installer/install.sh --unattended --dir /opt/fourth" >"$work/install7.log" 2>&1; then
  fail "install.sh --unattended went on without a domain"
fi
check "--unattended without --domain stops, saying what is missing" grep -q -- '--domain is needed' "$work/install7.log"

echo "  -- piped (curl | sh style) with a published image, --no-start, then started (as on another machine)"
rm -f "$host/var/lib/docker-stub/volume" "$host/var/lib/docker-stub/setup-complete"
: >"$calls"
in_host "sh -s -- $install_args --from /src/switchboard/installer --image registry.example.org/switchboard:0.1 \
  --dir /opt/piped --no-start < /src/switchboard/installer/install.sh" >"$work/install8.log" 2>&1 \
  || { cat "$work/install8.log" >&2; fail "the piped install failed (output above)"; }
check "--no-start wrote .env and the key" test -s "$host/opt/piped/.env" -a -s "$host/opt/piped/secrets/master.key"
check "--no-start started nothing" test -z "$(grep -E ' \| (compose (up|pull)|build)' "$calls")"
in_host "sh -s -- --unattended --from /src/switchboard/installer --dir /opt/piped \
  < /src/switchboard/installer/install.sh" >"$work/install9.log" 2>&1 \
  || { cat "$work/install9.log" >&2; fail "the piped re-run failed (output above)"; }
check "pulled the published image (no build) and started" grep -qx '/opt/piped | compose pull --quiet' "$calls"
grep -qx '/opt/piped | compose up -d --remove-orphans' "$calls" || fail "the piped install did not start"
if grep -q ' | build ' "$calls"; then fail "the piped install built an image"; fi
