#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# A tracker's initial state, as keepalived's vrrp_script (vrrpctl load asks
# for it): created "init unknown", a tracker is not yet reported until its
# first report. Proves:
#   1. weight 0: r1 (150) stays in FAULT (reason track-init), sends no
#      advert and never takes the VIP from r2 (100) while its check has not
#      reported; the first good report lets it up, and it preempts;
#   2. the first report alone decides, whatever fall and rise: one failure
#      makes it failed (FAULT, reason track); after it, rise counts as usual;
#   3. "init fail" (keepalived's init_fail): failed from the start, rise good
#      reports to OK;
#   4. weighted trackers not yet reported add nothing (neither +20 nor -80),
#      and the instance is not held; their first reports count as usual;
#   5. the timeout ends it too (stale, failed); a value report ends it (ok);
#   6. a sync group member held by a tracker not yet reported holds the
#      group (keepalived's num_member_init);
#   7. the kernel refuses the initial state on TRACKER_SET, one out of range,
#      and the output-only state attributes as input.
# On a module without initial states, tracker add ... init is refused, and
# a tracker starts OK: r1 takes the VIP at once.
#
#                 br0 (netns br)
#        +-----------+
#    r1 eth0     r2 eth0
#    10.0.0.1    10.0.0.2
#    prio 150    prio 100     vip 10.0.0.60, advert 100ms (down ~0.5 s)
#    track chk (weight 0, init unknown)

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd jq python3

VIP=10.0.0.60
GENL="$SRCDIR/selftests/genl.py"
setup_lan r1 r2

eff() { show_get "$1" "$2" effective_priority; }
expect_eff() { expect_eq "$1/$2 effective priority" "$(eff "$1" "$2")" "$3"; }
trk() { vctlq "$1" -j tracker show "$2" | json_get "$3"; }
trk_is() { [[ $(trk "$1" "$2" "$3") == "$4" ]]; }
report() { vctl "$1" track "$2" "$3" || fail "track $2 $3 in $1"; }
faults() { show_get "$1" "$2" fault; }
# held NS NAME SECONDS: the instance stays in FAULT, silent, for that long
held() {
	local deadline=$(( $(now_ms) + $3 * 1000 )) s
	while (( $(now_ms) < deadline )); do
		s=$(state "$1" "$2")
		[[ $s == fault ]] || fail "$1/$2 is $s while its check has not reported"
		nap 0.2
	done
	log "  ok: $1/$2 stayed in fault for ${3}s"
}

step "1. weight 0, not yet reported: r1 stays out of master until the first good report"
add r2 VI_1 vrid 60 prio 100 advert 100ms vip $VIP/24
wait_state r2 VI_1 master 10
vctl r1 tracker add chk init unknown || fail "tracker add chk init unknown"
expect_eq "chk state" "$(trk r1 chk state)" init
expect_eq "chk ok" "$(trk r1 chk ok)" false
expect_eq "chk init" "$(trk r1 chk init)" unknown
add r1 VI_1 vrid 60 prio 150 advert 100ms vip $VIP/24 track chk
wait_state r1 VI_1 fault 5
expect_eq "fault reasons" "$(faults r1 VI_1)" '["track-init"]'
expect_eq "last reason" "$(show_get r1 VI_1 last_reason)" track
expect_eq "track state" "$(show_get r1 VI_1 tracks.0.state)" init
expect_eq "track contrib" "$(show_get r1 VI_1 tracks.0.contrib)" 0
held r1 VI_1 3
expect_eq "r1 adverts sent" "$(stat r1 VI_1 sent_adverts)" 0
expect_state r2 VI_1 master
expect_vip r2 $VIP present
expect_vip r1 $VIP absent
vctlq r1 tracker show chk
report r1 chk ok
expect_eq "chk state" "$(trk r1 chk state)" ok
wait_state r1 VI_1 master 10		# backup first, then preempts
wait_state r2 VI_1 backup 5
wait_vip r1 $VIP present
expect_eq "fault reasons" "$(faults r1 VI_1)" '[]'

step "2. the first report alone decides (fall 3 rise 3): a failure is a FAULT at once"
vctl r1 tracker add chk2 fall 3 rise 3 init unknown || fail "tracker add chk2"
set_ r1 VI_1 track chk track chk2
wait_state r1 VI_1 fault 5
expect_eq "fault reasons" "$(faults r1 VI_1)" '["track-init"]'
wait_state r2 VI_1 master 5
report r1 chk2 fail
expect_eq "chk2 state after one fail" "$(trk r1 chk2 state)" failed
expect_eq "fault reasons" "$(faults r1 VI_1)" '["track"]'
expect_state r1 VI_1 fault
report r1 chk2 ok
report r1 chk2 ok
expect_eq "chk2 state after 2 ok (rise 3)" "$(trk r1 chk2 state)" failed
report r1 chk2 ok
expect_eq "chk2 state after 3 ok" "$(trk r1 chk2 state)" ok
wait_state r1 VI_1 master 10

step "3. init fail (keepalived's init_fail): failed from the start, rise 2 to OK"
vctl r1 tracker add chk3 rise 2 init fail || fail "tracker add chk3"
expect_eq "chk3 state" "$(trk r1 chk3 state)" failed
set_ r1 VI_1 track chk track chk3
wait_state r1 VI_1 fault 5
expect_eq "fault reasons" "$(faults r1 VI_1)" '["track"]'
wait_state r2 VI_1 master 5
report r1 chk3 ok
expect_eq "chk3 state after 1 ok" "$(trk r1 chk3 state)" failed
report r1 chk3 ok
expect_eq "chk3 state after 2 ok" "$(trk r1 chk3 state)" ok
wait_state r1 VI_1 master 10

step "4. weighted, not yet reported: adds nothing, holds nothing"
vctl r1 tracker add up weight 20 init unknown || fail "tracker add up"
vctl r1 tracker add down weight -80 init unknown || fail "tracker add down"
set_ r1 VI_1 track chk track up track down
expect_eff r1 VI_1 150			# neither +20 (OK) nor -80 (failed)
expect_eq "up state" "$(show_get r1 VI_1 tracks.1.state)" init
expect_eq "down contrib" "$(show_get r1 VI_1 tracks.2.contrib)" 0
expect_state r1 VI_1 master
report r1 up ok
expect_eff r1 VI_1 170
report r1 down fail
expect_eff r1 VI_1 90
wait_state r2 VI_1 master 10
report r1 down ok
expect_eff r1 VI_1 170
wait_state r1 VI_1 master 10

step "5. the timeout ends it (stale, failed); so does a value report (ok)"
vctl r1 tracker add st timeout 3s init unknown || fail "tracker add st"
set_ r1 VI_1 track chk track st
wait_state r1 VI_1 fault 5
expect_eq "fault reasons" "$(faults r1 VI_1)" '["track-init"]'
wait_for 10 "st goes stale" trk_is r1 st stale true
expect_eq "st state" "$(trk r1 st state)" failed
expect_eq "fault reasons" "$(faults r1 VI_1)" '["track"]'
report r1 st ok
wait_state r1 VI_1 master 10
vctl r1 tracker add v init unknown || fail "tracker add v"
vctl r1 weight v 0 || fail "weight v 0"
expect_eq "v state" "$(trk r1 v state)" ok
expect_eq "v value" "$(trk r1 v value)" 0

step "6. a sync group member not yet reported holds the group"
vctl r1 tracker add grp init unknown || fail "tracker add grp"
set_ r1 VI_1 track chk sync-group G
add r1 VI_2 vrid 61 prio 150 advert 100ms vip 10.0.1.60/24 sync-group G track grp
wait_state r1 VI_2 fault 5
wait_state r1 VI_1 fault 5
expect_eq "VI_2 fault reasons" "$(faults r1 VI_2)" '["track-init"]'
expect_eq "VI_1 fault reasons" "$(faults r1 VI_1)" '["sync-group"]'
wait_state r2 VI_1 master 5
report r1 grp ok
wait_state r1 VI_1 master 10
wait_state r1 VI_2 master 10

step "7. refused: init on TRACKER_SET, out of range, output-only state as input"
out=$(nq r1 python3 - "$GENL" <<'EOF'
import struct, sys
sys.path.insert(0, sys.argv[1].rsplit("/", 1)[0])
from genl import Genl, NlError, U, nla, nest

g = Genl()
name = nla(U["VRRP_TRK_A_NAME"], b"chk\0")
u8 = lambda t, v: nla(U[t], struct.pack("B", v))
for what, cmd, attrs in [
        ("set-init", "VRRP_CMD_TRACKER_SET", [name, u8("VRRP_TRK_A_INIT", 1)]),
        ("new-init-3", "VRRP_CMD_TRACKER_NEW", [nla(U["VRRP_TRK_A_NAME"], b"x\0"),
                                                u8("VRRP_TRK_A_INIT", 3)]),
        ("new-state", "VRRP_CMD_TRACKER_NEW", [nla(U["VRRP_TRK_A_NAME"], b"y\0"),
                                               u8("VRRP_TRK_A_STATE", 2)]),
        ("track-state", "VRRP_CMD_INSTANCE_SET",
         [nla(U["VRRP_A_NAME"], b"VI_1\0"),
          nest(U["VRRP_A_TRACKS"], [nest(U["VRRP_A_TRACK"], [
              nla(U["VRRP_TRACK_A_TRACKER"], b"chk\0"), u8("VRRP_TRACK_A_STATE", 1)])])])]:
    try:
        g.request(U[cmd], attrs)
        print(what, "accepted")
    except NlError as e:
        print(what, "refused:", e.extack)
EOF
) || fail "genl requests: $out"
log "$out"
grep -q "^set-init refused: .*initial state is given at creation only" <<<"$out" ||
	fail "TRACKER_SET with an initial state: $out"
for w in new-init-3 new-state track-state; do
	grep -q "^$w refused" <<<"$out" || fail "$w not refused: $out"
done
expect_fail vctl r1 tracker set chk init fail
expect_eq "trackers" "$(vctlq r1 tracker show names | tr '\n' ' ')" "chk chk2 chk3 up down st v grp "
expect_eq "chk init" "$(trk r1 chk init)" unknown
expect_eq "saved init unknown" "$(vctlq r1 save | grep -c ' init unknown$')" 7
expect_eq "saved init fail" "$(vctlq r1 save | grep -c '^tracker add chk3 .* init fail$')" 1
