#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# debug-kernel.sh - build and install the debug test kernel (make debug-kernel).
#
# Debian's linux-source-6.1 with defconfig + kvm_guest.config + the fragment
# tools/debug-kernel.config (KASAN, lockdep, PROVE_RCU, DEBUG_OBJECTS,
# KMEMLEAK, DEBUG_LIST, ... and what the test guest uses, built in). Built
# once per machine in a cache outside the tree, niced, then installed like a
# Debian kernel so that the VM harness finds it as one more test kernel:
#   /boot/vmlinuz-REL, /boot/config-REL, /lib/modules/REL (build -> the tree)
# REL is the source's version plus -vrrpdbg. Run as root. A second run with
# the same source and fragment does nothing.
#
# Environment: VRRP_DEBUG_CACHE (default /var/cache/vrrp-debug-kernel),
# JOBS (default: the number of CPUs).
set -euo pipefail

TOP=$(cd "$(dirname "$0")/.." && pwd)
FRAGMENT=$TOP/tools/debug-kernel.config
CACHE=${VRRP_DEBUG_CACHE:-/var/cache/vrrp-debug-kernel}
JOBS=${JOBS:-$(nproc)}
SRCPKG=linux-source-6.1

die() { echo "debug-kernel: $*" >&2; exit 1; }
say() { echo "debug-kernel: $*" >&2; }

[[ $(id -u) == 0 ]] || die "run as root (apt-get, /boot, /lib/modules)"

install_deps() {
	local -a pkgs=("$SRCPKG" build-essential bc bison flex libssl-dev libelf-dev
		       cpio kmod xz-utils dwarves)
	local p missing=()
	for p in "${pkgs[@]}"; do
		dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
			missing+=("$p")
	done
	[[ ${#missing[@]} -eq 0 ]] && return 0
	say "installing ${missing[*]}"
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
		"${missing[@]}" >/dev/null
}

# The source tree in the cache, unpacked again when the package changed.
unpack() {
	local tarball stamp
	tarball=$(compgen -G '/usr/src/linux-source-6.1.tar.*' | head -n1 || true)
	[[ -n $tarball ]] || die "no /usr/src/linux-source-6.1.tar.*"
	stamp="$(dpkg-query -W -f='${Version}' "$SRCPKG")"
	SRC=$CACHE/linux
	if [[ -f $CACHE/unpacked && $(<"$CACHE/unpacked") == "$stamp" ]]; then
		return 0
	fi
	say "unpacking $tarball ($stamp)"
	rm -rf "$SRC" "$CACHE/unpacked"
	mkdir -p "$CACHE"
	tar -C "$CACHE" -xaf "$tarball"
	mv "$CACHE/linux-source-6.1" "$SRC"
	echo "$stamp" >"$CACHE/unpacked"
}

configure() {
	say "configuring (defconfig + kvm_guest.config + ${FRAGMENT#"$TOP"/})"
	make -C "$SRC" -s defconfig kvm_guest.config >/dev/null
	"$SRC/scripts/kconfig/merge_config.sh" -m -O "$SRC" "$SRC/.config" "$FRAGMENT" >/dev/null
	make -C "$SRC" -s olddefconfig >/dev/null
	# Every option the fragment asks for must have survived.
	local line opt val bad=0
	while IFS= read -r line; do
		if [[ $line =~ ^(CONFIG_[A-Z0-9_]+)=(.*)$ ]]; then
			opt=${BASH_REMATCH[1]} val=${BASH_REMATCH[2]}
			grep -qxF "$opt=$val" "$SRC/.config" || { say "not set: $opt=$val"; bad=1; }
		fi
	done <"$FRAGMENT"
	[[ $bad == 0 ]] || die "the fragment does not apply to this source"
}

main() {
	local rel stamp want
	install_deps
	unpack
	want="$(<"$CACHE/unpacked") $(sha256sum "$FRAGMENT" | cut -d' ' -f1)"
	rel=$(make -C "$SRC" -s kernelversion)$(sed -n 's/^CONFIG_LOCALVERSION="\(.*\)"$/\1/p' "$FRAGMENT")
	if [[ -f $CACHE/installed && $(<"$CACHE/installed") == "$want" &&
	      -f /boot/vmlinuz-$rel && -f /lib/modules/$rel/modules.dep &&
	      -f $SRC/Module.symvers ]]; then
		say "$rel is installed and up to date"
		echo "$rel"
		return 0
	fi
	rm -f "$CACHE/installed"
	configure
	say "building with $JOBS jobs (about 20 minutes on 2 cores)"
	nice -n 10 make -C "$SRC" -s -j"$JOBS" bzImage modules
	rel=$(make -C "$SRC" -s kernelrelease)
	say "installing $rel"
	rm -rf "/lib/modules/$rel"
	make -C "$SRC" -s INSTALL_MOD_PATH=/ INSTALL_MOD_STRIP=1 modules_install
	ln -sfn "$SRC" "/lib/modules/$rel/build"
	install -m 0644 "$SRC/arch/x86/boot/bzImage" "/boot/vmlinuz-$rel"
	install -m 0644 "$SRC/.config" "/boot/config-$rel"
	install -m 0644 "$SRC/System.map" "/boot/System.map-$rel"
	depmod -a "$rel"
	echo "$want" >"$CACHE/installed"
	say "$rel installed"
	echo "$rel"
}

main "$@"
