#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# A keepalived user switches with one command: the same keepalived.conf an
# nginx pair uses (no vrrp_version: VRRPv2; PASS authentication; a
# vrrp_script with weight -20; notify) goes to "vrrpctl load" on r1, and to
# keepalived itself on k, the other node. "vrrpctl checks" runs the check
# from the checks.conf that load wrote. Proves on a real kernel:
#   1. load --check says what keepalived's file means (version 2, accept,
#      auth pass); load applies it; r1 (150) is master, keepalived (140)
#      backup, and the VIP serves: the client gets ping replies from it
#      (keepalived's accept mode, now vrrp.ko's translation);
#   2. the check fails (its file removed): r1 drops to 130 and keepalived
#      takes over (it preempts, as keepalived does by default); the check
#      passes again: r1 takes the VIP back;
#   3. load of the same file again changes nothing (a reload with nothing to
#      do); load of the file with another priority changes it in place: r1
#      stays master without a transition, its tracker keeps its state.
#
#                 br0 (netns br)
#        +-----------+-----------+
#    r1 eth0     k eth0      c eth0
#    10.0.0.1    10.0.0.10   10.0.0.100
#    vrrpctl     keepalived  client
#    load        (same file, priority 140)
#                            vrid 51, vip 10.0.0.50/24, advert 1 s

. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/keepalived_lib.sh"
require_module
require_cmd keepalived ping

VIP=10.0.0.50
setup_lan r1 k c
ETC=$TMPD/etc

# conf ID PRIO CHECK: a keepalived.conf as a two-node nginx pair has it.
conf() {
	cat <<-EOC
	! node $1 of an nginx pair
	global_defs {
	    router_id web_$1
	    script_user root
	    enable_script_security
	    vrrp_garp_master_refresh 0
	}
	vrrp_script chk_nginx {
	    script "$3"
	    interval 1
	    timeout 1
	    weight -20
	    fall 1
	    rise 1
	}
	vrrp_instance VI_1 {
	    state BACKUP
	    interface eth0
	    virtual_router_id 51
	    priority $2
	    advert_int 1
	    authentication {
	        auth_type PASS
	        auth_pass s3cr3t12
	    }
	    virtual_ipaddress {
	        $VIP/24
	    }
	    track_script {
	        chk_nginx
	    }
	    notify $TMPD/ka-$1/notify.sh
	}
	EOC
}

# r1's check: ok while $TMPD/ok exists
printf '#!/bin/sh\ntest -e %s/ok\n' "$TMPD" >"$TMPD/chk.sh"
chmod 755 "$TMPD/chk.sh"
touch "$TMPD/ok"

# keepalived on k, its notify script recording its state (keepalived_lib.sh)
d=$TMPD/ka-k
mkdir -p "$d"
# shellcheck disable=SC2016 # $3 is the notify script's own argument
printf '#!/bin/sh\necho "$3" > %s/state.tmp && mv %s/state.tmp %s/state\n' "$d" "$d" "$d" >"$d/notify.sh"
chmod 755 "$d/notify.sh"
echo INIT >"$d/state"
conf k 140 /bin/true >"$d/keepalived.conf"
conf r1 150 "$TMPD/chk.sh" >"$TMPD/r1.conf"
log "r1's keepalived.conf:"
sed 's/^/    | /' "$TMPD/r1.conf"

step "1. vrrpctl load --check: keepalived's meaning made explicit"
vctl r1 load --check --dir "$ETC" "$TMPD/r1.conf" >"$TMPD/check.out" || fail "load --check"
sed 's/^/    | /' "$TMPD/check.out"
line=$(grep '^instance add VI_1 ' "$TMPD/check.out") || fail "no instance add line"
for w in "version 2" "prio 150" accept "auth pass s3cr3t12" "vip $VIP/24" "track chk_nginx"; do
	[[ " $line " == *" $w "* ]] || fail "load --check: '$w' missing from: $line"
done
log "  ok: $line"
[[ ! -e $ETC ]] || fail "load --check wrote $ETC"

step "1. vrrpctl load, vrrpctl checks, keepalived beside it"
vctl r1 load --dir "$ETC" "$TMPD/r1.conf" || fail "vrrpctl load"
for f in vrrp.conf notify.conf checks.conf; do
	[[ -s $ETC/$f ]] || fail "load did not write $ETC/$f"
done
bg_start "$TMPD/checks.log" r1 "$VRRPCTL" checks -c "$ETC/checks.conf"
CHECKS_PID=$BG_PID
bg_start "$d/log" k keepalived -n -l -D -P -f "$d/keepalived.conf" \
	-p "$d/keepalived.pid" -r "$d/vrrp.pid" -c "$d/checkers.pid" -b "$d/bfd.pid"
KA_PID[k]=$BG_PID
wait_state r1 VI_1 master 20
wait_ka_state k BACKUP 20
wait_vip r1 "$VIP" present
wait_vip k "$VIP" absent
expect_eq "r1 version" "$(show_get r1 VI_1 version)" 2
expect_eq "r1 accept" "$(show_get r1 VI_1 accept)" true
wait_for 10 "the client gets replies from the VIP" ping_ok c "$VIP"
log "  ok: the VIP serves (accept mode)"
errs=$(ka_errors k)
[[ -z $errs ]] || fail "keepalived complained about our adverts: $errs"

step "2. the check fails: r1 at 130, keepalived (140) takes over"
rm -f "$TMPD/ok"
wait_field r1 VI_1 effective_priority 130 15
wait_ka_state k MASTER 15
wait_state r1 VI_1 backup 10
wait_vip r1 "$VIP" absent
wait_for 10 "the client gets replies from the VIP (keepalived now)" ping_ok c "$VIP"

step "2. the check passes again: r1 (150) takes the VIP back"
touch "$TMPD/ok"
wait_field r1 VI_1 effective_priority 150 15
wait_state r1 VI_1 master 15
wait_ka_state k BACKUP 15
wait_vip k "$VIP" absent
wait_vip r1 "$VIP" present

step "3. load again: the same file changes nothing, a new priority is set in place"
trans=$(stat r1 VI_1 master_transitions)
out=$(vctlq r1 load --dir "$ETC" "$TMPD/r1.conf") || fail "load of the same file"
printf '%s\n' "$out"
expect_eq "load of the same file" "$(grep -v ' instance.* from ' <<<"$out")" \
	"load: 0 added, 0 changed, 0 re-created, 0 deleted, 2 unchanged"
conf r1 160 "$TMPD/chk.sh" >"$TMPD/r1.conf"
out=$(vctlq r1 load --dir "$ETC" "$TMPD/r1.conf") || fail "load of the changed file"
printf '%s\n' "$out"
expect_eq "load of the changed file" "$(grep -v ' instance.* from ' <<<"$out")" \
	"load: change instance VI_1: prio
load: 0 added, 1 changed, 0 re-created, 0 deleted, 1 unchanged"
wait_field r1 VI_1 effective_priority 160 5
grep -q ' prio 160 ' "$ETC/vrrp.conf" || fail "vrrp.conf does not say prio 160"
expect_state r1 VI_1 master
expect_eq "r1 master transitions" "$(stat r1 VI_1 master_transitions)" "$trans"
expect_eq "tracker chk_nginx" "$(vctlq r1 -j tracker show chk_nginx | json_get state)" ok
expect_eq "keepalived's state" "$(ka_state k)" BACKUP

ka_stop k
bg_stop "$CHECKS_PID"
log "vrrpctl checks said:"
sed 's/^/    | /' "$TMPD/checks.log"
vctl r1 instance del VI_1
vctl r1 tracker del chk_nginx
