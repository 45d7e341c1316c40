#!/usr/bin/env bash
# Builds the root file system that the container image gets under its application layers (Jib builds FROM scratch,
# since no registry but Maven Central is reachable from the build machines, so no base image can be pulled): a JRE made
# with jlink from the building JDK, the shared libraries it and the native libraries inside Fluxtap's jars need
# (copied from the building machine, found with ldd), /etc/passwd and /etc/group with the user fluxtap (uid 10001,
# group 0, as OpenShift runs images), a world-writable /tmp (the JNI libraries of DuckDB, zstd and snappy unpack there)
# and /data (group 0 may write: Jib cannot give a file an owner, every layer's files are root's).
#
# usage: rootfs.sh OUT_DIR LIB_DIR     (LIB_DIR: the distribution's lib/, whose jars are searched for native libraries)
set -euo pipefail

out="$1"
libs="$2"
java_home="${JAVA_HOME:?JAVA_HOME must name the JDK to take the JRE from}"

rm -rf "$out"
mkdir -p "$out"/etc "$out"/tmp "$out"/data "$out"/opt
chmod 1777 "$out"/tmp
chmod 0770 "$out"/data

# Every module of the JDK: the server loads java.desktop (Vaadin), java.sql, jdk.unsupported (protobuf, Netty),
# jdk.management (process metrics) and more, and a module left out shows only at run time, as a failure there. A JDK
# without jmods (JEP 493, Temurin 25) links from its own run-time image, which cannot hold jlink or jpackage.
modules="$("$java_home"/bin/java --list-modules | sed 's/@.*//' | grep -Ev '^jdk\.(jlink|jpackage)$' | paste -sd, -)"
"$java_home"/bin/jlink --add-modules "$modules" --strip-debug --no-header-files --no-man-pages \
  --output "$out"/opt/java
# jlink links the legal notices of each module to java.base's; Jib takes files, not links.
find "$out"/opt/java -type l | while read -r link; do
  target="$(readlink -f "$link")"
  rm "$link"
  cp "$target" "$link"
done

# The native libraries inside the jars, for their shared-library needs.
natives="$(mktemp -d)"
trap 'rm -rf "$natives"' EXIT
for jar in "$libs"/*.jar; do
  if unzip -l "$jar" 2>/dev/null | grep -Eq '(linux.*(amd64|x86_64)|x86_64.*linux).*\.so|\.so_linux_amd64'; then
    unzip -q -o "$jar" '*linux*amd64*' '*linux*x86_64*' '*x86_64*linux*' -d "$natives/$(basename "$jar")" 2>/dev/null || true
  fi
done

needed() { # the absolute paths of the shared libraries the ELF files given need (ldd), the loader included
  ldd "$@" 2>/dev/null | awk '/=> \// {print $3} /^[[:space:]]*\/.*ld-linux/ {print $1}' | sort -u
}
mapfile -t elves < <(find "$out"/opt/java "$natives" -type f \( -name '*.so*' -o -path '*/bin/*' \) \
  -exec sh -c 'head -c 4 "$1" | grep -q ELF' _ {} \; -print)
# Real files only, no symbolic links (Jib stops at a link whose target is not in the directory): each library under
# the name the loader asks for, in the multiarch directory glibc searches without an ld.so.cache, and the loader at
# the path the ELF files name (/lib64). The image is amd64, as the JRE linked from the building JDK.
mkdir -p "$out"/usr/lib/x86_64-linux-gnu "$out"/lib64
for lib in $(needed "${elves[@]}"); do
  case "$lib" in "$out"/*) continue ;; esac # the JRE's own libraries, found through its $ORIGIN run path
  name="$(basename "$lib")"
  case "$name" in
    ld-linux*) cp -L "$lib" "$out/lib64/$name" ;;
    *) cp -L "$lib" "$out/usr/lib/x86_64-linux-gnu/$name" ;;
  esac
done
# glibc resolves names with its own NSS modules (files, dns) since 2.34; /etc/nsswitch.conf says which.
printf 'passwd: files\ngroup: files\nhosts: files dns\n' > "$out"/etc/nsswitch.conf
printf 'root:x:0:0:root:/root:/sbin/nologin\nfluxtap:x:10001:0:Fluxtap:/data:/sbin/nologin\n' > "$out"/etc/passwd
printf 'root:x:0:\n' > "$out"/etc/group
printf '127.0.0.1 localhost\n::1 localhost\n' > "$out"/etc/hosts

"$out"/opt/java/bin/java -version 2>&1 | head -1 >&2 || true
echo "root file system in $out: $(du -sh "$out" | cut -f1)" >&2
