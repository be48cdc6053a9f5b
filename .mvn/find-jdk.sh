# Sourced by ./wharf and ./mvnw (POSIX sh): points JAVA_HOME at a JDK 21 or newer.
# Order: $JAVA_HOME, `java` on PATH, then the usual install folders. Exits with one line when none is found.

wharf_java_major() { # $1 = JDK home; prints the feature version (17, 21, 25...) or nothing
  [ -x "$1/bin/java" ] && [ -x "$1/bin/javac" ] || return 0
  if [ -f "$1/release" ]; then
    v=$(sed -n 's/^JAVA_VERSION="\([0-9]*\).*/\1/p' "$1/release")
  else
    v=$("$1/bin/java" -version 2>&1 | sed -n 's/.*version "\([0-9]*\).*/\1/p' | head -n 1)
  fi
  printf '%s' "$v"
}

wharf_find_jdk() {
  case $- in *f*) set +f; wharf_noglob=1 ;; *) wharf_noglob= ;; esac # mvnw runs with globbing off
  candidates=""
  [ -n "${JAVA_HOME-}" ] && candidates="$JAVA_HOME"
  if command -v java >/dev/null 2>&1; then
    j=$(readlink -f "$(command -v java)")
    candidates="$candidates ${j%/bin/java}"
  fi
  for d in /usr/lib/jvm/* /usr/java/* /opt/java/* /opt/jdk* /Library/Java/JavaVirtualMachines/*/Contents/Home "$HOME"/.sdkman/candidates/java/* "$HOME"/.jdks/*; do
    [ -d "$d" ] && candidates="$candidates $d"
  done
  for c in $candidates; do
    m=$(wharf_java_major "$c")
    if [ -n "$m" ] && [ "$m" -ge 21 ] 2>/dev/null; then
      JAVA_HOME="$c"; export JAVA_HOME
      [ -n "$wharf_noglob" ] && set -f
      return 0
    fi
  done
  echo "wharf: no JDK 21 or newer found (looked at JAVA_HOME, java on PATH, /usr/lib/jvm); install one, e.g. 'apt-get install openjdk-21-jdk-headless', or set JAVA_HOME" >&2
  exit 1
}

wharf_find_jdk
