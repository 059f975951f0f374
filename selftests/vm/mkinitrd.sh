#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# mkinitrd.sh KVER OUT - build the tiny initramfs the test VM boots with.
#
# Contents: busybox-static, selftests/vm/init as /init, and the modules of
# kernel KVER that /init needs to mount the host's root over virtio-9p and
# stack an overlay on it (9p, 9pnet_virtio, virtio_pci, overlay, virtio-rng and
# whatever they depend on, per modules.dep). Compressed modules (.ko.xz, .ko.zst,
# .ko.gz) are decompressed, because busybox insmod cannot read them.
# Modules built into KVER are skipped. The image is an uncompressed newc cpio:
# it is small, and decompressing it in an emulated CPU would cost boot time.
set -euo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/lib.sh"

WANTED_MODULES=(virtio_pci 9pnet_virtio 9p overlay virtio_rng)
BUSYBOX=/bin/busybox

# modname FILE: module name of a modules.dep path, with - folded to _.
modname() {
	local n=${1##*/}
	n=${n%%.ko*}
	echo "${n//-/_}"
}

# module_path NAME MODDIR: modules.dep path of NAME; nothing if NAME is built in.
module_path() {
	local name=${1//-/_} moddir=$2 path
	path=$(awk -F: -v n="$name" '{
		b = $1; sub(/.*\//, "", b); sub(/\.ko.*/, "", b); gsub(/-/, "_", b)
		if (b == n) { print $1; exit }
	}' "$moddir/modules.dep")
	if [[ -n $path ]]; then
		echo "$path"
	elif ! sed 's|.*/||; s|\.ko.*||; s|-|_|g' "$moddir/modules.builtin" | grep -x "$name" >/dev/null; then
		die "$name: neither a module nor built into $(basename "$moddir")"
	fi
}

# load_order MODDIR PATH...: PATHs and their dependencies, dependencies first.
load_order() {
	local moddir=$1
	shift
	declare -A seen=()
	local -a order=()
	visit() {
		local p=$1 dep
		if [[ -n ${seen[$p]:-} ]]; then
			return 0
		fi
		seen[$p]=1
		for dep in $(awk -F: -v p="$p" '$1 == p { print $2; exit }' "$moddir/modules.dep" | xargs -n1); do
			visit "$dep"
		done
		order+=("$p")
	}
	local p
	for p in "$@"; do
		visit "$p"
	done
	printf '%s\n' "${order[@]}"
}

# decompress FILE: FILE's content, uncompressed, on stdout.
decompress() {
	case "$1" in
	*.xz)	xz -dc "$1" ;;
	*.zst)	zstd -qdc "$1" ;;
	*.gz)	gzip -dc "$1" ;;
	*)	cat "$1" ;;
	esac
}

add_busybox() {
	local root=$1 applet
	if [[ $(LC_ALL=C readelf -l "$BUSYBOX") == *"program interpreter"* ]]; then
		die "$BUSYBOX is not static: install busybox-static"
	fi
	install -m 0755 "$BUSYBOX" "$root/bin/busybox"
	for applet in $("$BUSYBOX" --list); do
		if [[ $applet != busybox ]]; then
			ln -s busybox "$root/bin/$applet"
		fi
	done
}

add_modules() {
	local kver=$1 root=$2 moddir=/lib/modules/$1 name p
	local -a paths=()
	for name in "${WANTED_MODULES[@]}"; do
		p=$(module_path "$name" "$moddir")
		if [[ -n $p ]]; then
			paths+=("$p")
		fi
	done
	mkdir -p "$root/modules"
	: >"$root/modules/order"
	[[ ${#paths[@]} -gt 0 ]] || return 0
	load_order "$moddir" "${paths[@]}" | while read -r p; do
		name=$(modname "$p")
		decompress "$moddir/$p" >"$root/modules/$name.ko"
		echo "$name" >>"$root/modules/order"
	done
}

main() {
	[[ $# -eq 2 ]] || die "usage: mkinitrd.sh KVER OUT"
	local kver=$1 out=$2 root
	[[ -f /lib/modules/$kver/modules.dep ]] || die "no modules for $kver"
	[[ -x $BUSYBOX ]] || die "$BUSYBOX missing: install busybox-static"

	root=$(mktemp -d)
	# shellcheck disable=SC2064 # expand now: root is local
	trap "rm -rf '$root'" EXIT
	mkdir -p "$root"/{bin,dev,proc,sys,lower,rw,newroot}
	add_busybox "$root"
	add_modules "$kver" "$root"
	install -m 0755 "$VM_DIR/init" "$root/init"

	mkdir -p "$(dirname "$out")"
	# Written aside and renamed: another run may be booting the old image.
	(cd "$root" && find . | LC_ALL=C sort | cpio --quiet -o -H newc -R 0:0) >"$out.$$"
	mv "$out.$$" "$out"
}

main "$@"
