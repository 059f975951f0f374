#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# units.sh - the systemd units as "make install" puts them: installed into a
# scratch PREFIX (so their ExecStart paths point at a real vrrpctl), then
# checked by systemd-analyze verify. Skipped (not failed) without
# systemd-analyze. Prints "N passed, N failed".
set -uo pipefail

cd "$(dirname "$0")/.." || exit 1
PASSED=0
FAILED=0
if ! command -v systemd-analyze >/dev/null; then
	echo "units.sh: no systemd-analyze, skipped"
	echo "units.sh: 0 passed, 0 failed"
	exit 0
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
make -s install PREFIX="$tmp" >/dev/null || { echo "units.sh: make install failed"; exit 1; }
dir=$tmp/lib/systemd/system

check() {
	local out
	if out=$(systemd-analyze verify --man=no "$@" 2>&1) && [[ -z $out ]]; then
		PASSED=$((PASSED + 1))
		echo "ok $*"
	else
		FAILED=$((FAILED + 1))
		echo "FAIL $*: $out"
	fi
}

for u in vrrp.service vrrp-notify.service vrrp-checks.service vrrp-check@chk_web.service \
	vrrp-check@chk_web.timer vrrp-metrics.service vrrp-metrics.timer; do
	check "$dir/$u"
done
# The installed units run the installed vrrpctl.
for u in vrrp.service vrrp-notify.service vrrp-checks.service vrrp-check@.service \
	vrrp-metrics.service; do
	if grep -q "^ExecStart=$tmp/sbin/vrrpctl " "$dir/$u"; then
		PASSED=$((PASSED + 1))
	else
		FAILED=$((FAILED + 1))
		echo "FAIL: $u: ExecStart does not use $tmp/sbin/vrrpctl"
	fi
done
# Stopping runs in the reverse order of starting: vrrp-notify.service must
# start before vrrp.service, so that it stops after it and its notify "stop"
# rules see the instances vrrp.service's stop deletes.
if grep -qx 'Before=vrrp.service' "$dir/vrrp-notify.service" &&
	! grep -Eq '^After=.*vrrp\.service' "$dir/vrrp-notify.service" &&
	! grep -Eq '^(Before|Requires|BindsTo)=.*vrrp-notify' "$dir/vrrp.service"; then
	PASSED=$((PASSED + 1))
	echo "ok vrrp-notify.service stops after vrrp.service"
else
	FAILED=$((FAILED + 1))
	echo "FAIL: vrrp-notify.service is not ordered Before=vrrp.service (notify stop rules would miss the shutdown)"
fi
# The checks report to the trackers vrrp.service creates: they start after
# it, and stop or restart with it.
# shellcheck disable=SC2016 # $MAINPID is systemd's
if grep -qx 'After=vrrp.service' "$dir/vrrp-checks.service" &&
	grep -qx 'PartOf=vrrp.service' "$dir/vrrp-checks.service" &&
	grep -qxF 'ExecReload=/bin/kill -HUP $MAINPID' "$dir/vrrp-checks.service"; then
	PASSED=$((PASSED + 1))
	echo "ok vrrp-checks.service: after vrrp.service, part of it, reloaded by SIGHUP"
else
	FAILED=$((FAILED + 1))
	echo "FAIL: vrrp-checks.service is not After= and PartOf=vrrp.service, or not reloaded by SIGHUP"
fi
echo "units.sh: $PASSED passed, $FAILED failed"
[[ $FAILED -eq 0 ]]
