#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 330
# debug: yes
# stock: newest
# parallel: no
#
# Generic netlink fuzzing (selftests/fuzz/nlfuzz.py): thousands of random,
# boundary and mutated requests for every VRRP_CMD_*, interleaved with real
# creates and deletes, device flaps, deletions and MTU changes, and the
# per-netns limits filled once. The kernel must survive it (the harness fails
# the test on BUG / WARNING / Oops / leak lines and unbalanced lifecycle
# lines), answer throughout, send only well-formed replies, and be left with
# nothing once everything is deleted.
#
#   netns fz (root)            fzd0 fzd1 (dummy)  fzv0 -- fzv1 (veth)
#                              fzbr (bridge, port fzv1)  fzmv (macvlan on fzd1)
#   a. two fuzzers at once as root in fz, then everything deleted: nothing left
#   b. uid 65534 in fz (no CAP_NET_ADMIN): every mutation fails with EPERM and
#      the instances root left in fz are still there; then fz is deleted with
#      them inside
#   c. uid 65534 in its own user + net namespace (unshare -Urn), where it is
#      root: the same fuzzing, devices of its own, instances left at exit
#   d. the module still answers in the initial netns; kmemleak (debug kernels)
#
# Seconds per fuzzing phase: $VRRP_ATTACK_SECS, else 20, or 60 on a debug
# kernel (KASAN). Seeds: $VRRP_ATTACK_SEED, else random; printed.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3 setpriv unshare

FUZZ=$SRCDIR/selftests/fuzz/nlfuzz.py
SECS=$(attack_secs 20 60 115)
SEED=${VRRP_ATTACK_SEED:-$(( RANDOM << 15 | RANDOM ))}
NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
log "fuzz_netlink: $SECS s per phase, seed $SEED, kernel $(uname -r)$(debug_kernel && echo ' (debug)')"
kmemleak_clear
attack_kfence
t_start=$SECONDS

# why LOG: the fuzzer's first FAIL lines in LOG, on one line (for the
# failure message: CI shows the summary first).
why() { grep -m3 -o 'FAIL: .*' "$1" | tr '\n' ' ' || true; }

# instances_in NS: how many instances `vrrpctl -j show` lists (a JSON array).
instances_in() { vctlq "$1" -j show | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }

step "a. two fuzzers as root in netns fz, $SECS s"
netns_add fz
n fz python3 "$FUZZ" --tag setup --mkdevs --secs 0 --no-cleanup || fail "device setup"
bg_start "$TMPD/fuzz-a1.log" fz python3 "$FUZZ" --tag a1 --seed "$SEED" --secs "$SECS" --churn --limits --no-cleanup
pid1=$BG_PID
bg_start "$TMPD/fuzz-a2.log" fz python3 "$FUZZ" --tag a2 --seed "$((SEED + 1))" --secs "$SECS" --no-cleanup
pid2=$BG_PID
rc1=0 rc2=0
wait "$pid1" || rc1=$?
wait "$pid2" || rc2=$?
cat "$TMPD/fuzz-a1.log" "$TMPD/fuzz-a2.log"
[[ $rc1 == 0 ]] || fail "fuzzer a1 (seed $SEED) failed: exit $rc1: $(why "$TMPD/fuzz-a1.log")"
[[ $rc2 == 0 ]] || fail "fuzzer a2 (seed $((SEED + 1))) failed: exit $rc2: $(why "$TMPD/fuzz-a2.log")"
n fz python3 "$FUZZ" --tag a-cleanup --secs 0 --leave 3 || fail "cleanup and check in fz"
vctl fz show
vctl fz tracker show
expect_eq "instances left in fz (the 3 left on purpose)" "$(instances_in fz)" 3

step "b. uid 65534 in fz: every mutation is refused"
n fz "${NOBODY[@]}" python3 "$FUZZ" --tag b --seed "$((SEED + 2))" --secs 8 --expect-eperm ||
	fail "unprivileged fuzzer in fz (seed $((SEED + 2)))"
expect_eq "instances in fz after the unprivileged fuzzer" "$(instances_in fz)" 3
netns_del fz

step "c. uid 65534 as root of its own user + net namespace, $SECS s"
if [[ -w /proc/sys/kernel/unprivileged_userns_clone ]]; then
	pp sysctl -qw kernel.unprivileged_userns_clone=1
fi
if ! "${NOBODY[@]}" unshare -Urn true; then
	log "SKIP part c: an unprivileged user cannot create a user namespace on this kernel"
else
	pp "${NOBODY[@]}" unshare -Urn python3 "$FUZZ" --tag c --seed "$((SEED + 3))" --secs "$SECS" \
		--mkdevs --churn --limits --leave 3 >"$TMPD/fuzz-c.log" 2>&1 || {
		cat "$TMPD/fuzz-c.log"
		fail "fuzzer in a user namespace (seed $((SEED + 3))) failed: $(why "$TMPD/fuzz-c.log")"
	}
	cat "$TMPD/fuzz-c.log"
fi

step "d. the module answers in the initial netns"
pp "$VRRPCTL" show || fail "vrrpctl show in the initial netns"
pp "$VRRPCTL" stats || fail "vrrpctl stats in the initial netns"
kmemleak_check
log "fuzz_netlink: seed $SEED, $SECS s per phase, $((SECONDS - t_start)) s in all"
