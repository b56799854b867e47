#!/bin/sh
# Switchboard installer: Switchboard, the Signal bridge and Caddy (automatic HTTPS) under Docker Compose.
#
#   From a clone (builds the image from it):
#     sudo installer/install.sh --domain hotline.example.org --email admin@example.org
#   One command (needs a published image and this folder's files at a URL):
#     curl -fsSL https://HOST/PATH/install.sh | sudo sh -s -- --from https://HOST/PATH --image REGISTRY/switchboard:TAG
#
# It checks the host, writes DIR/.env and DIR/secrets/master.key, copies docker-compose.yml and Caddyfile to DIR,
# starts the stack, waits until Switchboard is healthy and prints the setup address and one-time setup code.
# Running it again upgrades in place (new image, then "docker compose up -d"). It never deletes or replaces the data
# volumes, the master key or a value already in DIR/.env (it only adds settings that are missing).
# Run with --help for the options. Documentation: docs/install.md.
set -eu

# The image's user (see the Dockerfile): the master key file must belong to it, mode 0600.
SWITCHBOARD_UID=10001
DEFAULT_LOCAL_IMAGE=switchboard:local
DEFAULT_SIGNAL_CLI_IMAGE=bbernhard/signal-cli-rest-api:0.100
DEFAULT_CADDY_IMAGE=caddy:2
MIN_MEMORY_KB=900000  # a "1 GB" server reports a little less than 1 GiB
MIN_DISK_KB=2097152   # 2 GiB for images, database and logs

usage() {
  cat <<'EOF'
Usage: install.sh [options]

  --domain NAME      public name of the hotline, e.g. hotline.example.org (its DNS must point at this machine)
  --email ADDRESS    contact address for the HTTPS certificate (Let's Encrypt / ZeroSSL)
  --dir DIR          install folder (default /opt/switchboard)
  --image NAME       Switchboard image to run, e.g. registry.example.org/switchboard:0.1
  --build            build the image from the clone this script is in, tagged as SWITCHBOARD_IMAGE (the default
                     inside a clone, where the tag is switchboard:local)
  --from DIR|URL     where docker-compose.yml and Caddyfile are (default: beside this script)
  --unattended       never ask: fail when --domain or --email is missing
  --no-start         write the files only: build, pull and start nothing
  --timeout SECONDS  how long to wait for Switchboard to become healthy (default 300)
  --force            carry on although the host checks (memory, disk, ports, rootless Docker) fail
  -h, --help         this help

Values already in DIR/.env always win over these options; edit DIR/.env to change them.
EOF
}

say() { printf '%s\n' "$*"; }
step() { printf '==> %s\n' "$*"; }
warn() { printf 'install.sh: warning: %s\n' "$*" >&2; }
die() { printf 'install.sh: %s\n' "$*" >&2; exit 1; }

dir=/opt/switchboard
domain=
email=
image=
build=auto
from=
unattended=no
start=yes
timeout=300
force=no

need_value() {
  [ "$2" -ge 2 ] || die "$1 needs a value (see --help)"
}

while [ $# -gt 0 ]; do
  case $1 in
    --domain) need_value "$1" $#; domain=$2; shift 2 ;;
    --domain=*) domain=${1#*=}; shift ;;
    --email) need_value "$1" $#; email=$2; shift 2 ;;
    --email=*) email=${1#*=}; shift ;;
    --dir) need_value "$1" $#; dir=$2; shift 2 ;;
    --dir=*) dir=${1#*=}; shift ;;
    --image) need_value "$1" $#; image=$2; shift 2 ;;
    --image=*) image=${1#*=}; shift ;;
    --build) build=yes; shift ;;
    --from) need_value "$1" $#; from=$2; shift 2 ;;
    --from=*) from=${1#*=}; shift ;;
    --timeout) need_value "$1" $#; timeout=$2; shift 2 ;;
    --timeout=*) timeout=${1#*=}; shift ;;
    --unattended) unattended=yes; shift ;;
    --no-start) start=no; shift ;;
    --force) force=yes; shift ;;
    -h | --help) usage; exit 0 ;;
    *) usage >&2; die "unknown option: $1" ;;
  esac
done

case $timeout in '' | *[!0-9]*) die "--timeout must be a number of seconds" ;; esac
case $dir in /*) ;; *) die "--dir must be an absolute path" ;; esac
dir=${dir%/}
[ -n "$dir" ] || die "--dir must not be /"
if [ -n "$image" ] && [ "$build" = yes ]; then
  die "--image and --build exclude each other"
fi

# A check that --force can override.
check_failed() {
  if [ "$force" = yes ]; then
    warn "$* (carrying on: --force)"
  else
    die "$* (use --force to carry on anyway)"
  fi
}

# ---------------------------------------------------------------------------------------------------------------------
# Where the files come from: beside this script (run from a clone or an unpacked release), or --from.

tmp=$(mktemp -d "${TMPDIR:-/tmp}/switchboard-install.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
trap 'exit 130' INT TERM

script_dir=
case $0 in
  install.sh | */install.sh) script_dir=$(cd "$(dirname "$0")" && pwd) ;;
esac

src=
if [ -n "$from" ]; then
  case $from in
    http://* | https://*)
      for f in docker-compose.yml Caddyfile; do
        if command -v curl >/dev/null 2>&1; then
          curl -fsSL --proto '=https,http' -o "$tmp/$f" "${from%/}/$f" || die "cannot download ${from%/}/$f"
        elif command -v wget >/dev/null 2>&1; then
          wget -q -O "$tmp/$f" "${from%/}/$f" || die "cannot download ${from%/}/$f"
        else
          die "curl or wget is needed to download from $from"
        fi
      done
      src=$tmp ;;
    *) src=$from ;;
  esac
elif [ -n "$script_dir" ]; then
  src=$script_dir
else
  die "cannot tell where docker-compose.yml and Caddyfile are: pass --from URL (the folder install.sh came from)"
fi
for f in docker-compose.yml Caddyfile; do
  [ -f "$src/$f" ] || die "$src/$f is missing"
done

# A clone: the Dockerfile and the Maven wrapper one folder above installer/.
clone=
if [ -n "$script_dir" ] && [ -f "$script_dir/../Dockerfile" ] && [ -f "$script_dir/../mvnw" ]; then
  clone=$(cd "$script_dir/.." && pwd)
fi

# ---------------------------------------------------------------------------------------------------------------------
# .env helpers: read a value the way Compose does for simple KEY=value lines; never source the file.

envfile=$dir/.env

env_get() {
  [ -f "$envfile" ] || return 0
  sed -n "s/^[[:space:]]*$1[[:space:]]*=[[:space:]]*//p" "$envfile" | tail -n 1 \
    | sed -e 's/[[:space:]]\{1,\}#.*$//' -e 's/[[:space:]]*$//' -e 's/^"\(.*\)"$/\1/' -e "s/^'\(.*\)'$/\1/"
}

env_has() {
  [ -f "$envfile" ] && grep -q "^[[:space:]]*$1[[:space:]]*=" "$envfile"
}

# Prefer the value already in .env; warn when an option asks for something else.
settle() {
  key=$1 wanted=$2 current=$(env_get "$1")
  if [ -n "$current" ]; then
    if [ -n "$wanted" ] && [ "$wanted" != "$current" ]; then
      warn "$key is '$current' in $envfile: keeping it (edit $envfile to change it)"
    fi
    printf '%s' "$current"
  else
    printf '%s' "$wanted"
  fi
}

ask() {
  # $1 prompt; reads from the terminal even when this script arrives on standard input (curl | sh).
  if [ "$unattended" = yes ] || ! { : </dev/tty; } 2>/dev/null; then
    return 1
  fi
  printf '%s' "$1" >/dev/tty
  IFS= read -r answer </dev/tty || return 1
  printf '%s' "$answer"
}

valid_domain() {
  case $1 in
    '' | *[!A-Za-z0-9.-]* | -* | .* | *. | *..* | *.-* | *-.*) return 1 ;;
    *.*) ;;
    *) return 1 ;;
  esac
  # An IP address gets no public certificate: a name is needed.
  case $1 in *[!0-9.]*) return 0 ;; esac
  return 1
}

valid_email() {
  case $1 in
    *[[:space:]]* | *@*@* | @* | *@ | *@.* ) return 1 ;;
    ?*@?*.?*) return 0 ;;
  esac
  return 1
}

# ---------------------------------------------------------------------------------------------------------------------
step "Checking this machine"

[ "$(id -u)" -eq 0 ] || die "run as root (sudo sh install.sh ...): it writes $dir and talks to Docker"

command -v docker >/dev/null 2>&1 \
  || die "Docker is not installed: see https://docs.docker.com/engine/install/ (Debian/Ubuntu: the docker-ce and docker-compose-plugin packages)"
docker info >/dev/null 2>&1 || die "Docker is installed but not running (or not reachable): start it, e.g. systemctl start docker"
docker compose version >/dev/null 2>&1 \
  || die "the Docker Compose plugin is missing ('docker compose'): install the docker-compose-plugin package"

case $(docker info --format '{{.SecurityOptions}}' 2>/dev/null || true) in
  *rootless*) check_failed "Docker runs rootless: the installer gives the master key to uid $SWITCHBOARD_UID, which rootless Docker maps elsewhere" ;;
esac

mem_kb=$(awk '/^MemTotal:/ { print $2 }' /proc/meminfo 2>/dev/null || true)
if [ -n "$mem_kb" ] && [ "$mem_kb" -lt "$MIN_MEMORY_KB" ]; then
  check_failed "Switchboard, the Signal bridge and Caddy need about 1 GB of memory; this machine has $((mem_kb / 1024)) MB"
fi

# Free space where the install folder goes and where Docker keeps its images.
existing_parent() {
  p=$1
  while [ ! -d "$p" ]; do p=$(dirname "$p"); done
  printf '%s' "$p"
}
docker_root=$(docker info --format '{{.DockerRootDir}}' 2>/dev/null || true)
for place in "$dir" ${docker_root:+"$docker_root"}; do
  p=$(existing_parent "$place")
  free_kb=$(df -Pk "$p" 2>/dev/null | awk 'NR == 2 { print $4 }')
  if [ -n "$free_kb" ] && [ "$free_kb" -lt "$MIN_DISK_KB" ]; then
    check_failed "only $((free_kb / 1024)) MB free at $p; at least 2 GB are needed"
  fi
done

# Ports 80 and 443 must be free for Caddy, unless this is a re-run and the stack already holds them.
port_listening() {
  hex=$(printf ':%04X' "$1")
  for table in /proc/net/tcp /proc/net/tcp6; do
    [ -r "$table" ] || continue
    if awk -v p="$hex" 'NR > 1 && $4 == "0A" && substr($2, length($2) - 4) == p { found = 1 } END { exit !found }' "$table"; then
      return 0
    fi
  done
  return 1
}
if [ ! -f "$envfile" ]; then
  for port in 80 443; do
    if port_listening "$port"; then
      check_failed "port $port is already in use: Caddy needs ports 80 and 443 (stop the web server that holds it)"
    fi
  done
fi

# ---------------------------------------------------------------------------------------------------------------------
step "Settings"

domain=$(settle SWITCHBOARD_DOMAIN "$domain")
while ! valid_domain "$domain"; do
  [ -z "$domain" ] || warn "'$domain' is not a domain name such as hotline.example.org"
  domain=$(ask "Public domain name of the hotline (its DNS must point at this machine): ") \
    || die "--domain is needed, e.g. --domain hotline.example.org"
done

email=$(settle SWITCHBOARD_ACME_EMAIL "$email")
while ! valid_email "$email"; do
  [ -z "$email" ] || warn "'$email' is not an email address"
  email=$(ask "Email address for certificate notices: ") || die "--email is needed, e.g. --email admin@example.org"
done

image=$(settle SWITCHBOARD_IMAGE "$image")
if [ -z "$image" ]; then
  [ -n "$clone" ] || die "pass --image NAME (a published Switchboard image), or run install.sh from a clone to build one"
  image=$DEFAULT_LOCAL_IMAGE
fi
if [ "$build" = auto ]; then
  if [ "$image" = "$DEFAULT_LOCAL_IMAGE" ] && [ -n "$clone" ]; then build=yes; else build=no; fi
fi
if [ "$build" = yes ] && [ -z "$clone" ]; then
  die "--build needs the clone's Dockerfile: run the install.sh inside a clone of Switchboard"
fi

say "  domain:  $domain"
say "  email:   $email"
say "  image:   $image$( [ "$build" = yes ] && printf ' (built from %s)' "$clone")"
say "  folder:  $dir"

# Existing data with its key gone: a new key could not read it, so stop before writing anything.
key=$dir/secrets/master.key
if [ ! -e "$key" ] && docker volume inspect switchboard_switchboard-data >/dev/null 2>&1; then
  die "Switchboard's data volume (switchboard_switchboard-data) exists but $key does not: put the master key back from your backup (a new key cannot read the existing data)"
fi

# ---------------------------------------------------------------------------------------------------------------------
step "Writing $dir"

umask 022
mkdir -p "$dir"
chmod 0755 "$dir"

# .env: a new file, or only the settings it lacks appended. Nothing in it is ever rewritten.
added=
add_setting() {
  if ! env_has "$1"; then
    printf '%s=%s\n' "$1" "$2" >>"$envfile"
    added="$added $1"
  fi
}
if [ ! -f "$envfile" ]; then
  (
    umask 077
    cat >"$envfile.tmp" <<EOF
# Switchboard settings for Docker Compose, written by install.sh on $(date -u '+%Y-%m-%d %H:%M UTC').
# Edit freely: re-running install.sh keeps every value here and only adds settings that are missing.
EOF
    mv "$envfile.tmp" "$envfile"
  )
fi
add_setting SWITCHBOARD_DOMAIN "$domain"
add_setting SWITCHBOARD_ACME_EMAIL "$email"
add_setting SWITCHBOARD_IMAGE "$image"
add_setting SIGNAL_CLI_IMAGE "$DEFAULT_SIGNAL_CLI_IMAGE"
add_setting CADDY_IMAGE "$DEFAULT_CADDY_IMAGE"
add_setting SWITCHBOARD_LOG_FORMAT text
chown 0:0 "$envfile"
chmod 0600 "$envfile"
[ -z "$added" ] || say "  .env: added$added"

# The master key: created once, never replaced. Only the container's user may read it.
install -d -m 0700 -o 0 -g 0 "$dir/secrets"
chmod 0700 "$dir/secrets"
if [ -e "$key" ]; then
  [ -s "$key" ] || die "$key is empty: put the master key back from your backup (install.sh never replaces a key)"
  say "  secrets/master.key: kept"
else
  (
    umask 077
    head -c 32 /dev/urandom | base64 >"$key.tmp"
  )
  [ "$(wc -c <"$key.tmp")" -ge 44 ] || die "could not create the master key"
  mv "$key.tmp" "$key"
  say "  secrets/master.key: created (32 random bytes; back it up apart from the data)"
fi
chown "$SWITCHBOARD_UID:$SWITCHBOARD_UID" "$key"
chmod 0600 "$key"

# docker-compose.yml and Caddyfile are the installer's: replaced on upgrade, the old one kept when it differs.
install_file() {
  if [ -f "$2" ] && ! cmp -s "$1" "$2" 2>/dev/null; then
    backup=$2.bak.$(date +%Y%m%d-%H%M%S)
    cp -p "$2" "$backup"
    say "  $(basename "$2"): replaced; your previous one is $backup"
  fi
  cp "$1" "$2.tmp"
  chmod 0644 "$2.tmp"
  mv "$2.tmp" "$2"
}
install_file "$src/docker-compose.yml" "$dir/docker-compose.yml"
install_file "$src/Caddyfile" "$dir/Caddyfile"

compose() {
  (cd "$dir" && docker compose "$@")
}

if [ "$start" = no ]; then
  say ""
  say "Files written; nothing started (--no-start). To start: cd $dir && docker compose up -d"
  exit 0
fi

# ---------------------------------------------------------------------------------------------------------------------
if [ "$build" = yes ]; then
  step "Building $image from $clone (a few minutes the first time)"
  docker build -t "$image" "$clone" || die "the image build failed (output above)"
  step "Pulling the Signal bridge and Caddy"
  compose pull --quiet caddy signal-cli || die "docker compose pull failed (output above)"
else
  step "Pulling images"
  compose pull --quiet || die "docker compose pull failed (output above)"
fi

step "Starting (docker compose up -d)"
compose up -d --remove-orphans || die "docker compose up failed (output above)"

step "Waiting for Switchboard to become healthy (up to ${timeout}s)"
waited=0
health=
until health=$(compose exec -T switchboard /opt/switchboard/bin/healthcheck --print 2>/dev/null); do
  if [ "$waited" -ge "$timeout" ]; then
    compose ps || true
    compose logs --no-color --tail 60 switchboard || true
    die "Switchboard did not become healthy within ${timeout}s (its log is above); see docs/install.md, Troubleshooting"
  fi
  sleep 5
  waited=$((waited + 5))
done

setup_code() {
  # The code printed after the last start (a restart prints a new one while no organization exists).
  compose logs --no-color switchboard 2>/dev/null \
    | awk '/Switchboard is ready on/ { ready = 1; code = "" } /one-time setup code:/ { code = $NF } END { if (ready) print code }'
}

say ""
case $health in
  *'"setupComplete":true'*)
    say "Switchboard is up to date and running: sign in at https://$domain/" ;;
  *)
    code=
    tries=0
    while [ -z "$code" ] && [ "$tries" -lt 10 ]; do
      code=$(setup_code)
      [ -n "$code" ] || { sleep 1; tries=$((tries + 1)); }
    done
    say "Switchboard is running. Finish the setup in a browser:"
    say ""
    say "  address:          https://$domain/setup"
    if [ -n "$code" ]; then
      say "  one-time code:    $code"
    else
      say "  one-time code:    see: cd $dir && docker compose logs switchboard | grep 'setup code'"
    fi
    say ""
    say "The code works until an organization exists; restarting Switchboard (docker compose restart switchboard)"
    say "prints a new one." ;;
esac

if command -v curl >/dev/null 2>&1; then
  if curl -fsS --max-time 15 -o /dev/null "https://$domain/healthz" 2>/dev/null; then
    say "https://$domain/ answers with a valid certificate."
  else
    say "https://$domain/ does not answer yet: the DNS name must point at this machine and ports 80 and 443 must be"
    say "reachable; Caddy fetches the certificate in the minute after that (docker compose logs caddy)."
  fi
fi

say ""
say "Files are in $dir. Back up two things, apart from each other:"
say "  - the master key $key (it is not in any backup Switchboard writes)"
say "  - the data: docker compose exec switchboard switchboard backup   (see docs/install.md)"
