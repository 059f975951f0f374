#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# check.sh - the Debian packages end to end, on this machine: "make check"
# runs it as one step. It installs and purges packages, so it wants root on a
# machine that can be changed (CI's throwaway one); it leaves the machine as
# it found it (packages purged, DKMS's signing key removed if it made it).
#
#   1. build   tools/mkdeb.sh: both .debs from a clean copy of the tree,
#              lintian without errors
#   2. install apt-get install ./vrrp-dkms_*.deb ./vrrpctl_*.deb: installed,
#              no unit enabled or started
#   3. dkms    for every stock test kernel (one from a Debian package):
#              DKMS built and installed vrrp.ko in /lib/modules/KVER/updates/,
#              and modprobe resolves vrrp to it
#   4. vm      every stock kernel (PKG_VM_KERNELS) boots with
#              VM_INSTALLED=1: "modprobe vrrp" loads DKMS's module and the
#              tests use /usr/sbin/vrrpctl: selftests/pkg/installed.sh (it is
#              DKMS's module, packaged tool) and selftests/scenario/failover.sh
#   5. upgrade the module built for the oldest stock kernel is removed, then
#              the kernel hook apt runs when a kernel is installed
#              (/etc/kernel/postinst.d/dkms KVER): vrrp.ko is back
#   6. purge   apt-get purge: every path of the packages that was not on the
#              machine before is gone (directories other packages own
#              excepted), the DKMS tree, modules and unit links too
#
# Prints "ok|FAIL|SKIP pkg WHAT" per check, the time of each phase, then
#   pkg: N passed, N failed, N skipped
# (check.sh of selftests/vm reads that line). Exits non-zero when a check
# failed. Logs: build/pkg/. Not root, or the packages (or a "make
# dkms-install") already on the machine: everything is skipped.
#
# Environment:
#   PKG_VM_KERNELS=all|newest|none  stock kernels booted in step 4 (all)
#   PKG_KEEP=1     leave the packages installed at the end (debugging)
#   VM_*           run.sh's knobs, for step 4
set -uo pipefail

# shellcheck source=selftests/vm/lib.sh
. "$(dirname "$0")/../vm/lib.sh"

VERSION=$(<"$SRCDIR/VERSION")
DEBS=$SRCDIR/build/deb
LOGS=$SRCDIR/build/pkg
PKGS=(vrrp-dkms vrrpctl)
PASSED=0
FAILED=0
SKIPPED=0
INSTALLED=0
MOK_MADE=0
TIMES=()
KERNELS=()

ok() { PASSED=$((PASSED + 1)); echo "ok pkg $1"; }
bad() {
	FAILED=$((FAILED + 1))
	echo "FAIL pkg $1${2:+: $2}"
	if [[ -n ${3:-} && -s $3 ]]; then
		echo "  ---- last 30 lines of ${3#"$SRCDIR"/}"
		tail -n 30 "$3" | sed 's/^/    /'
	fi
}
skipped() { SKIPPED=$((SKIPPED + 1)); echo "SKIP pkg $1: $2"; }
# check WHAT CMD...: ok when CMD succeeds.
check() {
	local what=$1
	shift
	if "$@"; then ok "$what"; else bad "$what"; fi
}

# timed PHASE CMD...: run CMD, note how long it took.
timed() {
	local phase=$1 start=$SECONDS rc=0
	shift
	"$@" || rc=$?
	TIMES+=("${TIMES[*]:+ }$phase $((SECONDS - start))s")
	echo "pkg: $phase took $((SECONDS - start)) s"
	return "$rc"
}

pkg_status() { dpkg-query -W -f='${db:Status-Status}' "$1" 2>/dev/null; }

# stock_kernels: the test kernels Debian packaged (not a local debug build).
stock_kernels() {
	local k
	for k in $(test_kernels stock); do
		if dpkg -S "/boot/vmlinuz-$k" >/dev/null 2>&1; then
			echo "$k"
		fi
	done
}

# dkms_installed KVER: DKMS says vrrp is installed for KVER and its module
# is in /lib/modules/KVER/updates/, where modprobe finds it.
dkms_installed() {
	local k=$1 ko
	dkms status -m vrrp -v "$VERSION" -k "$k" 2>/dev/null | grep -q ': installed$' || return 1
	compgen -G "/lib/modules/$k/updates/dkms/vrrp.ko*" >/dev/null || return 1
	ko=$(modinfo -k "$k" -n vrrp 2>/dev/null) || return 1
	[[ $ko == /lib/modules/$k/updates/dkms/vrrp.ko* ]]
}

dkms_gone() {
	local k=$1
	! dkms status -m vrrp -v "$VERSION" -k "$k" 2>/dev/null | grep -qF ", $k," &&
		! compgen -G "/lib/modules/$k/updates/dkms/vrrp.ko*" >/dev/null &&
		! modinfo -k "$k" -n vrrp >/dev/null 2>&1
}

# preflight: skip everything (0) unless this machine can take the test.
preflight() {
	local p
	if [[ $(id -u) != 0 ]]; then
		skipped all "not root (installs packages)"
		return 1
	fi
	for p in apt-get dpkg-buildpackage dkms lintian; do
		if ! command -v "$p" >/dev/null; then
			skipped all "no $p (make deps)"
			return 1
		fi
	done
	for p in "${PKGS[@]}"; do
		if [[ -n $(pkg_status "$p") && $(pkg_status "$p") != not-installed ]]; then
			skipped all "$p is on this machine already ($(pkg_status "$p")): not touching it"
			return 1
		fi
	done
	if [[ -e /var/lib/dkms/vrrp || -e /usr/src/vrrp-$VERSION ]]; then
		skipped all "vrrp is in DKMS already (make dkms-install?): not touching it"
		return 1
	fi
	mapfile -t KERNELS < <(stock_kernels)
	[[ -e /var/lib/dkms/mok.key ]] || MOK_MADE=1
	mkdir -p "$LOGS"
}

build() {
	if "$SRCDIR/tools/mkdeb.sh" >"$LOGS/build.log" 2>&1; then
		ok "build: vrrp-dkms and vrrpctl from a clean tree, lintian without errors"
	else
		bad "build" "tools/mkdeb.sh failed" "$LOGS/build.log"
		return 1
	fi
}

# The paths of the packages, and which were on the machine before.
NEW_PATHS=()
record_paths() {
	local deb p
	for deb in "$@"; do
		while read -r p; do
			p=${p#.}
			p=${p%/}
			[[ -n $p ]] || continue
			if [[ -e $p || -L $p ]]; then
				if [[ ! -d $p ]]; then
					bad "install" "$p is on the machine already: not overwriting it"
					return 1
				fi
			else
				NEW_PATHS+=("$p")
			fi
		done < <(dpkg-deb --fsys-tarfile "$deb" | tar -t)
	done
}

install_pkgs() {
	local dkms_deb=$DEBS/vrrp-dkms_${VERSION}_all.deb ctl_deb p
	ctl_deb=$DEBS/vrrpctl_${VERSION}_$(dpkg --print-architecture).deb
	record_paths "$dkms_deb" "$ctl_deb" || return 1
	INSTALLED=1
	if ! DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends \
		"$dkms_deb" "$ctl_deb" >"$LOGS/install.log" 2>&1; then
		bad "install" "apt-get install failed" "$LOGS/install.log"
		return 1
	fi
	for p in "${PKGS[@]}"; do
		if [[ $(pkg_status "$p") != installed ]]; then
			bad "install" "$p is $(pkg_status "$p")" "$LOGS/install.log"
			return 1
		fi
	done
	ok "install: apt-get install ./vrrp-dkms_${VERSION}_all.deb ./${ctl_deb##*/}"
	check "install: no unit enabled" units_untouched
	if [[ -d /run/systemd/system ]]; then
		check "install: no unit started" units_inactive
	fi
}

units_untouched() {
	[[ -z $(find /etc/systemd/system -name 'vrrp*' 2>/dev/null) ]]
}

units_inactive() {
	local u
	for u in vrrp.service vrrp-notify.service vrrp-checks.service; do
		if systemctl -q is-active "$u"; then
			echo "  $u is active"
			return 1
		fi
	done
}

dkms_kernels() {
	local k other
	if [[ ${#KERNELS[@]} -eq 0 ]]; then
		skipped "dkms" "no stock test kernel with headers installed"
		return 0
	fi
	for k in "${KERNELS[@]}"; do
		if dkms_installed "$k"; then
			ok "dkms: vrrp.ko for $k in $(modinfo -k "$k" -n vrrp)"
		else
			bad "dkms: vrrp.ko for $k" "$(dkms status -m vrrp -k "$k" 2>&1)" "$LOGS/install.log"
		fi
	done
	# Other kernels with headers (a local debug build): built too if it works.
	for other in /var/lib/dkms/vrrp/"$VERSION"/*/; do
		other=${other%/}
		other=${other##*/}
		[[ $other != source && $other != build ]] || continue
		[[ " ${KERNELS[*]} " != *" $other "* ]] || continue
		echo "pkg: also built for $other: $(dkms status -m vrrp -k "$other" 2>&1)"
	done
}

vm_kernels() {
	case "${PKG_VM_KERNELS:-all}" in
	none) ;;
	newest) printf '%s\n' "${KERNELS[@]}" | tail -n1 ;;
	*) printf '%s\n' "${KERNELS[@]}" ;;
	esac
}

vm() {
	local k summary rc p f s
	for k in $(vm_kernels); do
		summary=$(mktemp)
		rc=0
		VM_INSTALLED=1 VM_SUMMARY=$summary "$VM_DIR/run.sh" "$k" \
			"$SRCDIR/selftests/pkg/installed.sh" "$SRCDIR/selftests/scenario/failover.sh" || rc=$?
		if read -r p f s <"$summary" && [[ -n $s ]]; then
			PASSED=$((PASSED + p))
			FAILED=$((FAILED + f))
			if [[ $s -gt 0 ]]; then
				bad "vm $k" "$s test(s) skipped: the installed module or tool was not usable"
			elif [[ $f -eq 0 && $rc -ne 0 ]]; then
				bad "vm $k" "run.sh exit status $rc"
			fi
		else
			bad "vm $k" "run.sh exit status $rc, no summary"
		fi
		rm -f "$summary"
	done
}

# A new kernel, as apt installs it: its postinst runs /etc/kernel/postinst.d/,
# where DKMS's hook builds and installs every AUTOINSTALL module for it.
upgrade() {
	local k=${KERNELS[0]:-}
	if [[ -z $k ]]; then
		skipped "upgrade" "no stock test kernel"
		return 0
	fi
	if ! dkms remove -m vrrp -v "$VERSION" -k "$k" >"$LOGS/upgrade.log" 2>&1 || ! dkms_gone "$k"; then
		bad "upgrade: dkms remove for $k" "the module is still there" "$LOGS/upgrade.log"
		return 1
	fi
	if /etc/kernel/postinst.d/dkms "$k" "/boot/vmlinuz-$k" >>"$LOGS/upgrade.log" 2>&1 &&
		dkms_installed "$k"; then
		ok "upgrade: removed for $k, back after /etc/kernel/postinst.d/dkms $k"
	else
		bad "upgrade: /etc/kernel/postinst.d/dkms $k" "vrrp.ko not rebuilt" "$LOGS/upgrade.log"
	fi
}

purge_pkgs() {
	DEBIAN_FRONTEND=noninteractive apt-get purge -y "${PKGS[@]}" >"$LOGS/purge.log" 2>&1
}

purge() {
	local p k left=() owner
	if ! purge_pkgs; then
		bad "purge" "apt-get purge failed" "$LOGS/purge.log"
		return 1
	fi
	INSTALLED=0
	for p in "${PKGS[@]}"; do
		if [[ -n $(pkg_status "$p") && $(pkg_status "$p") != not-installed ]]; then
			left+=("package $p ($(pkg_status "$p"))")
		fi
	done
	for p in "${NEW_PATHS[@]}"; do
		[[ -e $p || -L $p ]] || continue
		# A directory another package (installed meanwhile) owns may stay.
		if [[ -d $p ]] && owner=$(dpkg -S "$p" 2>/dev/null) && [[ -n $owner ]]; then
			continue
		fi
		left+=("$p")
	done
	[[ ! -e /var/lib/dkms/vrrp ]] || left+=(/var/lib/dkms/vrrp)
	for k in "${KERNELS[@]}"; do
		dkms_gone "$k" || left+=("vrrp.ko of $k")
	done
	while read -r p; do
		left+=("$p")
	done < <(find /etc/systemd/system /var/lib/systemd/deb-systemd-helper-enabled \
		/var/lib/systemd/deb-systemd-helper-masked -name '*vrrp*' 2>/dev/null)
	if [[ ${#left[@]} -eq 0 ]]; then
		ok "purge: nothing of the packages is left (${#NEW_PATHS[@]} paths checked, DKMS tree, modules, unit links)"
	else
		bad "purge" "left behind: ${left[*]}" "$LOGS/purge.log"
	fi
}

# cleanup: however the test ended, the machine as it was.
cleanup() {
	if [[ $INSTALLED == 1 && ${PKG_KEEP:-0} != 1 ]]; then
		echo "pkg: purging the packages left installed"
		purge_pkgs || echo "pkg: apt-get purge failed: see ${LOGS#"$SRCDIR"/}/purge.log"
	fi
	if [[ $MOK_MADE == 1 && ${PKG_KEEP:-0} != 1 && ! -e /var/lib/dkms/vrrp ]]; then
		rm -f /var/lib/dkms/mok.key /var/lib/dkms/mok.pub
	fi
}

main() {
	local start=$SECONDS
	if preflight; then
		trap cleanup EXIT
		if timed build build && timed install install_pkgs; then
			timed dkms dkms_kernels
			timed vm vm
			timed upgrade upgrade
			if [[ ${PKG_KEEP:-0} != 1 ]]; then
				timed purge purge
			fi
		fi
		cleanup
		trap - EXIT
	fi
	local IFS=,
	echo "pkg: $((SECONDS - start)) s in total${TIMES[*]:+ (${TIMES[*]})}"
	echo "pkg: $PASSED passed, $FAILED failed, $SKIPPED skipped"
	[[ $FAILED -eq 0 ]]
}

main "$@"
