#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# Install everything vrrp.ko and its tests need, from Debian packages. Idempotent.
# The bookworm-backports suite (for the 6.12 test kernel) is added with the URI
# copied from this machine's own Debian sources, never a hard-coded host.
set -euo pipefail

[ "$(id -u)" = 0 ] || { echo "deps: run as root (apt-get)" >&2; exit 1; }
export DEBIAN_FRONTEND=noninteractive

debian_uri() {
	local f
	for f in /etc/apt/sources.list.d/*.sources; do
		[ -f "$f" ] || continue
		awk '/^URIs:/ {u=$2} /^Suites:/ && / bookworm( |$)/ {print u; exit}' "$f"
	done
	for f in /etc/apt/sources.list /etc/apt/sources.list.d/*.list; do
		[ -f "$f" ] || continue
		awk '$1 == "deb" && $3 == "bookworm" {print $2; exit}' "$f"
	done
}

bpo=/etc/apt/sources.list.d/vrrp-backports.sources
if ! grep -rqs 'bookworm-backports' /etc/apt/sources.list /etc/apt/sources.list.d/; then
	uri=$(debian_uri | head -n1)
	[ -n "$uri" ] || { echo "deps: no bookworm entry in apt sources to copy" >&2; exit 1; }
	printf 'Types: deb\nURIs: %s\nSuites: bookworm-backports\nComponents: main\nSigned-By: /usr/share/keyrings/debian-archive-keyring.gpg\n' \
		"$uri" > "$bpo"
fi

apt-get update -qq

# Versioned image/header packages behind a metapackage in a given suite.
kpkgs() {
	local suite=$1 ver
	ver=$(apt-cache madison linux-image-amd64 | awk -v s="$suite/main" '$0 ~ s {print $3; exit}')
	apt-cache show "linux-image-amd64=$ver" | awk -F': ' '/^Depends:/ {print $2; exit}' |
		tr ',' '\n' | awk '{print $1}' | grep '^linux-image-' | while read -r img; do
		echo "$img" "${img/linux-image-/linux-headers-}"
	done
}

# Build: module (dwarves = pahole, for module BTF), vrrpctl, checks (sparse:
# make C=1; shellcheck: make lint).
pkgs=(build-essential pkg-config libnl-3-dev libnl-genl-3-dev dwarves
      sparse shellcheck)
# make deb and its test (selftests/pkg): Debian packaging, DKMS.
pkgs+=(debhelper dh-dkms dkms fakeroot lintian)
# VM harness (selftests/vm): qemu + firmware, initramfs tools, guest runner.
pkgs+=(qemu-system-x86 qemu-system-data busybox-static cpio xz-utils zstd gzip
       kmod util-linux procps hostname)
# What the tests run inside the guest.
pkgs+=(iproute2 iputils-ping tcpdump tshark keepalived frr python3 jq bridge-utils nftables
      python3-prometheus-client)
# make bench: plots.
pkgs+=(gnuplot-nox)
# shellcheck disable=SC2207
pkgs+=($(kpkgs bookworm) $(kpkgs bookworm-backports))

echo "deps: installing ${pkgs[*]}"
echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
# keepalived and FRR must not run on the host: the tests start them in
# namespaces themselves. No init script runs during the install.
policy=/usr/sbin/policy-rc.d
if [[ ! -e $policy ]]; then
	printf '#!/bin/sh\nexit 101\n' >"$policy"
	chmod 755 "$policy"
	trap 'rm -f "$policy"' EXIT
fi
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
systemctl disable --now keepalived frr >/dev/null 2>&1 || true
echo "deps: ok"
