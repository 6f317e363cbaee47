# Sourced by ./tributary and .ci/run: exports JAVA_HOME pointing at a JDK 21 or newer.
# Order: $JAVA_HOME, the java on PATH, then JDKs under /usr/lib/jvm and /opt (newest first).
tributary_java_major() {
  "$1/bin/java" -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}
tributary_find_java() {
  local candidates=() c
  [ -n "${JAVA_HOME:-}" ] && candidates+=("$JAVA_HOME")
  if command -v java >/dev/null 2>&1; then
    candidates+=("$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")")
  fi
  for c in $(ls -d /usr/lib/jvm/* /opt/*jdk* /opt/java/* 2>/dev/null | sort -rV); do candidates+=("$c"); done
  for c in "${candidates[@]}"; do
    if [ -x "$c/bin/java" ] && [ -x "$c/bin/javac" ] && [ "$(tributary_java_major "$c")" -ge 21 ] 2>/dev/null; then
      export JAVA_HOME="$c"
      TRIBUTARY_JAVA_MAJOR="$(tributary_java_major "$c")"
      return 0
    fi
  done
  echo "Tributary needs a JDK 21 or newer; none was found (looked at JAVA_HOME, PATH, /usr/lib/jvm, /opt)." >&2
  return 1
}
tributary_find_java
