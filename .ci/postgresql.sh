# Sourced by .ci/run: the PostgreSQL tests start servers of their own from the binaries of Debian's
# postgresql package (/usr/lib/postgresql/<version>/bin); install it once, quietly. The system's
# own cluster is not started: a policy-rc.d that refuses (Docker images ship one) keeps the
# package from starting services, and one is put in place for the install where it is missing.
tributary_install_postgresql() {
  if compgen -G '/usr/lib/postgresql/*/bin/postgres' >/dev/null; then
    return 0
  fi
  echo "Installing Debian's postgresql package for the PostgreSQL tests"
  local policy=/usr/sbin/policy-rc.d made_policy="" status=0
  if [ ! -e "$policy" ]; then
    printf '#!/bin/sh\nexit 101\n' >"$policy" && chmod 755 "$policy" && made_policy=1
  fi
  export DEBIAN_FRONTEND=noninteractive
  local install=(apt-get install -y -q --no-install-recommends postgresql)
  # An empty or stale package list fails the install: update it then, and only then.
  "${install[@]}" >/dev/null 2>&1 || { apt-get update -q >/dev/null && "${install[@]}" >/dev/null; } || status=$?
  if [ -n "$made_policy" ]; then
    rm -f "$policy"
  fi
  return "$status"
}
tributary_install_postgresql
