# Sourced by .ci/run: provides a Docker engine for `docsite test` where none answers.
#
# - When `docker info` already answers, it does nothing: that engine and its registry are used.
# - Otherwise, as root and with at least 12 GB free, it installs Debian's docker.io and debootstrap,
#   starts a private daemon (vfs storage, its own data root and socket; stopped when the sourcing
#   shell exits) and makes a stand-in for each `python:3.11*-bookworm` base image the site's
#   Dockerfiles name, built from Debian's bookworm packages (see the README, "Docker in CI").
# - It exports DOCKER_HOST and DOCKER_BUILDKIT=0 (Debian's daemon has no buildx), and
#   DOCSITE_DOCKER=require once the engine answers, so that `docsite test` fails rather than skips
#   if the engine goes away. When no engine can be had it says why and exports nothing: the
#   Docker steps are then reported as skipped.
#
# The daemon's data stays in $DOCSITE_CI_DOCKER_ROOT (default /var/lib/docsite-ci-docker), so a
# machine that keeps it reuses the stand-in base images on the next run.

docsite_ci_docker() {
  local root="${DOCSITE_CI_DOCKER_ROOT:-/var/lib/docsite-ci-docker}"
  local exec_root=/run/docsite-ci-docker
  local socket="unix://$exec_root/docker.sock"
  local need_mb=12288

  if docker info > /dev/null 2>&1; then
    echo "docker: an engine answers (${DOCKER_HOST:-default socket}); using it"
    export DOCSITE_DOCKER=require
    return 0
  fi
  if [ "$(id -u)" != 0 ]; then
    echo "docker: no engine answers and this is not root; Docker steps will be skipped"
    return 0
  fi
  mkdir -p "$root"
  local free_mb
  free_mb=$(df -P -BM "$root" | awk 'NR == 2 { sub("M", "", $4); print $4 }')
  if [ "$free_mb" -lt "$need_mb" ]; then
    echo "docker: only $((free_mb / 1024)).$((free_mb % 1024 * 10 / 1024)) GB free under $root; building the tutorial's image with vfs storage needs about 12 GB; Docker steps will be skipped"
    return 0
  fi
  if ! command -v dockerd > /dev/null || ! command -v debootstrap > /dev/null; then
    echo "docker: installing Debian's docker.io and debootstrap"
    if ! { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends docker.io debootstrap ca-certificates > /dev/null; }; then
      echo "docker: could not install docker.io; Docker steps will be skipped"
      return 0
    fi
  fi

  mkdir -p "$exec_root"
  local started=$SECONDS
  dockerd --storage-driver=vfs --data-root "$root/data" --exec-root "$exec_root" \
    --pidfile "$exec_root/dockerd.pid" -H "$socket" > "$root/dockerd.log" 2>&1 &
  DOCSITE_CI_DOCKERD_PID=$!
  trap docsite_ci_docker_stop EXIT
  local waited=0
  until DOCKER_HOST="$socket" docker info > /dev/null 2>&1; do
    if [ "$waited" -ge 60 ] || ! kill -0 "$DOCSITE_CI_DOCKERD_PID" 2> /dev/null; then
      echo "docker: the daemon did not start; the end of its log:"
      tail -n 20 "$root/dockerd.log"
      docsite_ci_docker_stop
      echo "docker: Docker steps will be skipped"
      return 0
    fi
    sleep 0.5
    waited=$((waited + 1))
  done
  export DOCKER_HOST="$socket" DOCKER_BUILDKIT=0
  echo "docker: daemon (vfs) up in $((SECONDS - started)) s at $DOCKER_HOST"

  local image
  for image in $(docsite_ci_base_images); do
    if docker image inspect "$image" > /dev/null 2>&1; then
      echo "docker: $image is cached"
    elif [[ "$image" == python:3.11*bookworm* ]]; then
      docsite_ci_stand_in "$root" "$image" || return 0
    else
      echo "docker: no registry here and no stand-in for $image; steps building from it will fail"
    fi
  done
  export DOCSITE_DOCKER=require
  echo "docker: data root holds $(du -sh "$root/data" 2> /dev/null | cut -f1)"
}

# The images the site's Dockerfiles start from.
docsite_ci_base_images() {
  find content -name 'Dockerfile*' -type f -print0 |
    xargs -0 -r awk 'toupper($1) == "FROM" { for (i = 2; i <= NF; i++) if ($i !~ /^--/) { print $i; break } }' |
    sort -u
}

# A stand-in for python:3.11*-slim-bookworm: Debian bookworm's python3, pip and venv, the paths
# the official image has (/usr/local/bin/python, pip) and the host's extra CA certificates, which
# an intercepting proxy needs for pip to reach PyPI.
docsite_ci_stand_in() {
  local root="$1" image="$2"
  local rootfs="$root/rootfs" started=$SECONDS
  local mirror
  mirror=$(awk '/^URIs:/ { print $2; exit }' /etc/apt/sources.list.d/*.sources 2> /dev/null)
  mirror="${mirror:-http://deb.debian.org/debian}"
  echo "docker: making a stand-in for $image from Debian bookworm ($mirror)"
  rm -rf "$rootfs"
  if ! debootstrap --variant=minbase --include=python3,python3-pip,python3-venv,ca-certificates \
    bookworm "$rootfs" "$mirror" > "$root/debootstrap.log" 2>&1; then
    echo "docker: debootstrap failed; the end of its log:"
    tail -n 20 "$root/debootstrap.log"
    rm -rf "$rootfs"
    echo "docker: Docker steps will be skipped"
    docsite_ci_docker_stop
    unset DOCKER_HOST
    return 1
  fi
  local name
  for name in python pip; do
    ln -sf "/usr/bin/${name}3" "$rootfs/usr/local/bin/$name"
    ln -sf "/usr/bin/${name}3" "$rootfs/usr/local/bin/${name}3"
  done
  rm -f "$rootfs"/usr/lib/python3*/EXTERNALLY-MANAGED
  if compgen -G '/usr/local/share/ca-certificates/*.crt' > /dev/null; then
    cp /usr/local/share/ca-certificates/*.crt "$rootfs/usr/local/share/ca-certificates/"
    chroot "$rootfs" update-ca-certificates > /dev/null 2>&1 ||
      echo "docker: update-ca-certificates failed in the stand-in; pip may not reach PyPI"
  fi
  rm -rf "$rootfs"/var/cache/apt/archives/*.deb "$rootfs"/var/lib/apt/lists/*
  if ! tar -C "$rootfs" -c . | docker import \
    --change 'ENV PATH=/usr/local/bin:/usr/local/sbin:/usr/sbin:/usr/bin:/sbin:/bin' \
    --change 'ENV LANG=C.UTF-8' \
    --change 'CMD ["python3"]' - "$image" > /dev/null; then
    echo "docker: importing the stand-in failed; Docker steps will be skipped"
    rm -rf "$rootfs"
    docsite_ci_docker_stop
    unset DOCKER_HOST
    return 1
  fi
  rm -rf "$rootfs"
  echo "docker: stand-in $image made in $((SECONDS - started)) s"
}

docsite_ci_docker_stop() {
  if [ -n "${DOCSITE_CI_DOCKERD_PID:-}" ]; then
    kill "$DOCSITE_CI_DOCKERD_PID" 2> /dev/null || true
    wait "$DOCSITE_CI_DOCKERD_PID" 2> /dev/null || true
    DOCSITE_CI_DOCKERD_PID=
  fi
}

docsite_ci_docker
