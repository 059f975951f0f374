#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 360
#
# vrrpctl: every bad request fails with its own message and exit code
# (1 usage, 2 kernel) and changes nothing: after each one, `vrrpctl show`
# and the interface addresses are exactly as before. Reading needs no
# privilege, changing needs CAP_NET_ADMIN.
#
#                 br0 (netns br)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2
#    VI_1 vrid 51 prio 200 vip 10.0.0.50 (master)
#    10.0.0.77/24 added by hand ("someone else's" address)

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd setpriv

setup_lan r1 r2
add r1 VI_1 vrid 51 prio 200 advert 100ms vip 10.0.0.50/24
wait_state r1 VI_1 master 20
wait_vip r1 10.0.0.50 present
ipn r1 addr add 10.0.0.77/24 dev eth0

# The state that no failed command may change: the instances as shown in
# JSON without their counters, the addresses of eth0, and the text show.
# This runs after each command: no jq, awk or sort (each started process
# costs 0.1-0.5 s of CPU in the emulated guest), only vrrpctl and ip.
snapshot() {
	local json addrs line
	json=$(vctlq r1 -j show)
	# the counters move; each "stats" object is flat (no nested braces)
	while [[ $json =~ ^(.*[^,])(,\"stats\":\{[^{}]*\}|\"stats\":\{[^{}]*\},?)(.*)$ ]]; do
		json=${BASH_REMATCH[1]}${BASH_REMATCH[3]}
	done
	printf '%s\n' "$json"
	# "2: eth0    inet 10.0.0.1/24 ...", in the kernel's order (stable)
	addrs=$("$IP" -n "$(nsname r1)" -4 -o addr show dev eth0)
	while read -r _ _ _ line _; do
		printf 'eth0 %s\n' "$line"
	done <<<"$addrs"
	vctlq r1 show
}
BASE=$(snapshot)
log "baseline:"
while IFS= read -r line; do log "  | $line"; done <<<"$BASE"

# bad WANT_RC REGEX ARGS...: vrrpctl -n r1 ARGS fails with WANT_RC, its
# stderr matches REGEX (extended, any case), and nothing changed.
bad() {
	local want=$1 re=$2 rc=0 now out err line; shift 2
	printf '+ vrrpctl -n r1 %s\n' "$*"
	{ out=$("$VRRPCTL" -n "$(nsname r1)" "$@" 2>&3) || rc=$?; } 3>"$TMPD/err"
	err=$(<"$TMPD/err")
	while IFS= read -r line; do
		[[ -z $line ]] || log "  > $line"
	done <<<"$out"$'\n'"$err"
	[[ $rc == "$want" ]] || fail "vrrpctl $*: exit $rc, expected $want"
	shopt -s nocasematch
	[[ $err =~ $re ]] || fail "vrrpctl $*: message does not match /$re/: $err"
	shopt -u nocasematch
	[[ $err == "vrrpctl: "* ]] || fail "vrrpctl $*: message not prefixed with 'vrrpctl: '"
	now=$(snapshot)
	[[ $now == "$BASE" ]] || fail "vrrpctl $*: state changed:
$(diff <(printf '%s\n' "$BASE") <(printf '%s\n' "$now"))"
	log "  ok: exit $rc, message matches, nothing changed"
}

A=(instance add VI_2 dev eth0)

step "usage errors: exit 1, caught before the kernel"
bad 1 'unknown keyword "bogus"'		"${A[@]}" vrid 52 bogus
bad 1 'vrid.*0.*(1\.\.255)'			"${A[@]}" vrid 0
bad 1 'vrid.*256.*(1\.\.255)'		"${A[@]}" vrid 256
bad 1 'vrid'				"${A[@]}" vrid abc
bad 1 'prio.*0.*(1\.\.255)'			"${A[@]}" vrid 52 prio 0
bad 1 'prio.*256.*(1\.\.255)'		"${A[@]}" vrid 52 prio 256
bad 1 'advert.*out of range'		"${A[@]}" vrid 52 advert 0
# 5000ms is valid (the field holds up to 40.95 s); 41s is not.
bad 1 'advert.*out of range'		"${A[@]}" vrid 52 advert 41s
bad 1 'advert.*out of range'		"${A[@]}" vrid 52 advert 50000ms
bad 1 'advert.*multiple of 10ms'		"${A[@]}" vrid 52 advert 15ms
bad 1 'device "nosuch0" does not exist'	instance add VI_2 dev nosuch0 vrid 52
bad 1 'not a multicast'			"${A[@]}" vrid 52 group 10.0.0.9
bad 1 'dev IFNAME.*required'		instance add VI_2 vrid 52
bad 1 'vrid N.*required'			instance add VI_2 dev eth0 vip 10.0.0.52/24
bad 1 'vip ADDR.*required'			instance add VI_2 dev eth0 vrid 52
bad 1 'needs a value'			"${A[@]}" vrid
bad 1 'given twice'				"${A[@]}" vrid 52 prio 10 prio 20
bad 1 'conflicts'				"${A[@]}" vrid 52 preempt nopreempt
bad 1 'csum'				"${A[@]}" vrid 52 csum other
bad 1 'cannot be changed'			instance set VI_1 vrid 52
bad 1 'nothing to change'			instance set VI_1
bad 1 'vip'					"${A[@]}" vrid 52 vip 224.0.0.5/24
bad 1 'unknown command'			instance frobnicate VI_1

step "kernel errors: exit 2 with the kernel's explanation"
bad 2 'VI_1.*already exists|already exists.*VI_1'	instance add VI_1 dev eth0 vrid 52 vip 10.0.0.52/24
bad 2 'vrid 51|51.*(in use|already|exists)|(in use|already|exists).*51' \
						"${A[@]}" vrid 51 vip 10.0.0.52/24
bad 2 '10\.0\.0\.77.*(already|configured|someone|not ours|in use)|(already|configured|in use).*10\.0\.0\.77' \
						"${A[@]}" vrid 52 vip 10.0.0.77/24
bad 2 'no instance "NOSUCH"|NOSUCH.*does not exist'	instance del NOSUCH
bad 2 'no instance "NOSUCH"|NOSUCH.*does not exist'	instance set NOSUCH prio 10
# The VIP of another instance on the same device is not "someone else's"
# address in the sense of the check above, but two instances must not share it.
bad 2 '10\.0\.0\.50'				"${A[@]}" vrid 52 vip 10.0.0.50/24

step "unprivileged: reading works, changing needs CAP_NET_ADMIN"
unpriv() { nq r1 setpriv --reuid=65534 --regid=65534 --clear-groups "$VRRPCTL" "$@"; }
log "+ [r1] setpriv --reuid=65534 ... vrrpctl show"
unpriv show >"$TMPD/out" 2>"$TMPD/err" || fail "unprivileged show failed: $(cat "$TMPD/err")"
grep -q VI_1 "$TMPD/out" || fail "unprivileged show does not list VI_1: $(cat "$TMPD/out")"
unpriv -j show VI_1 | json_get state | grep -qx master || fail "unprivileged -j show VI_1"
unpriv -j stats VI_1 >/dev/null || fail "unprivileged stats failed"
log "  ok: show and stats work unprivileged"
for cmd in "instance add VI_2 dev eth0 vrid 52 vip 10.0.0.52/24" "instance set VI_1 prio 10" "instance del VI_1"; do
	log "+ [r1] setpriv --reuid=65534 ... vrrpctl $cmd"
	rc=0
	# shellcheck disable=SC2086
	unpriv $cmd >"$TMPD/out" 2>"$TMPD/err" || rc=$?
	sed 's/^/  > /' "$TMPD/err"
	[[ $rc == 2 ]] || fail "unprivileged $cmd: exit $rc, expected 2"
	grep -q CAP_NET_ADMIN "$TMPD/err" || fail "unprivileged $cmd: no mention of CAP_NET_ADMIN: $(cat "$TMPD/err")"
	[[ $(snapshot) == "$BASE" ]] || fail "unprivileged $cmd changed the state"
	log "  ok: exit 2, CAP_NET_ADMIN, nothing changed"
done

# The CLI's own usage tests (tools/vrrpctl/tests/usage.sh) need no module
# and run on the host in "make -C tools/vrrpctl check": where the module is
# loaded they skip every case that reaches the kernel, so running them here
# would only repeat the host run.

step "after all that, good requests still work"
add r1 VI_2 vrid 52 prio 100 advert 100ms vip 10.0.0.51/24
wait_state r1 VI_2 master 20
del r1 VI_2
expect_state r1 VI_1 master
