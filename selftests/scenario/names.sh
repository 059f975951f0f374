#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 900
# stock: newest
#
# Regression: what the kernel accepts from userspace (uapi/linux/vrrp.h).
#
# 1. Names of instances, trackers and sync groups are 1..127 printable ASCII
#    characters other than space. Each bad name (empty, a space, \x01, a
#    newline, a non-ASCII byte, 128 and 200 bytes) is refused by vrrpctl
#    (exit 1) or the kernel (exit 2) with a message; and sent raw
#    (selftests/genl.py, no vrrpctl in the way) the kernel refuses it with
#    an extack message. Nothing is created. The longest good name (127
#    bytes; the module of 0.1.0 took 31) works, through vrrpctl and raw.
#    Long names in use: an OpenStack-style instance (UUIDs, 77 bytes) in a
#    127-byte sync group tracking a 127-byte tracker becomes master; the
#    events (vrrpctl -j monitor) and the notify scripts (vrrpctl notify:
#    "INSTANCE NAME MASTER PRIO", "GROUP NAME MASTER 0") carry the whole names.
# 2. VRRP_VIP_A_INSTALLED is output only: in INSTANCE_NEW it is refused.
# 3. Per-netns limits, for a container's root (an unprivileged user in
#    "unshare -Urn"): VRRP_NETNS_INSTANCE_MAX (1024) instances,
#    VRRP_NETNS_VIP_MAX (8192) VIPs, VRRP_SYNC_MEMBER_MAX (32) members of a
#    sync group, VRRP_TRACKER_MAX (256) trackers. One more fails with exit 2
#    and a message naming the limit, and nothing of it is left (counted).
#
#      r1 eth0 (alone on br0)          netns of "unshare -Urn" (uid 65534):
#                                      dummy d0..d4, up, no traffic
#                                      (instances with 40 s adverts)

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3 setpriv unshare

GENL="$SRCDIR/selftests/genl.py"
setup_lan r1
IFX=$(nq r1 cat /sys/class/net/eth0/ifindex)

# instances NS: the instance names of NS, sorted, one a line.
instances() { vctlq "$1" -j show | python3 -c '
import json, sys
print("\n".join(sorted(i["name"] for i in json.load(sys.stdin))))'; }
trackers() { vctlq "$1" -j tracker show | python3 -c '
import json, sys
print("\n".join(sorted(t["name"] for t in json.load(sys.stdin))))'; }

# Every problem is reported, the test fails at the end: all of them show.
PROBLEMS=0
problem() {
	printf 'PROBLEM: %s\n' "$*" >&2
	PROBLEMS=$((PROBLEMS + 1))
}
# expect DESC GOT WANT
expect() {
	if [[ $2 == "$3" ]]; then log "  ok: $1"; else problem "$1: got '$2', want '$3'"; fi
}

# refused DESC CMD...: CMD fails with exit 1 (vrrpctl refused)
# or 2 (the kernel refused), with a message on stderr.
refused() {
	local desc=$1 rc=0 err
	shift
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	if [[ $rc != 1 && $rc != 2 ]]; then
		problem "$desc: exit status $rc, want 1 or 2 (stderr: $err)"
	elif [[ -z $err ]]; then
		problem "$desc: refused without a message"
	else
		log "  ok: $desc: refused (exit $rc): $err"
	fi
}

# raw_refused DESC GENL_ARGS...: queue a raw request (genl.py ARGS) that the
# kernel must refuse with an extack message; raw_check sends the queue
# through one genl.py (a python3 start costs a second of CPU in the emulated
# guest) and checks each answer.
RAW_DESC=()
raw_refused() {
	RAW_DESC+=("$1")
	shift
	printf '%s\0' "$#" "$@" >>"$TMPD/raw.req"
}
raw_check() {
	local i out
	local -a answers=()
	out=$(nq r1 python3 "$GENL" batch <"$TMPD/raw.req" 2>&1) ||
		fail "genl.py batch: $out"
	mapfile -t answers <<<"$out"
	[[ ${#answers[@]} == "${#RAW_DESC[@]}" ]] ||
		fail "genl.py batch: ${#answers[@]} answers to ${#RAW_DESC[@]} requests: $out"
	for i in "${!RAW_DESC[@]}"; do
		out=${answers[$i]}
		if [[ $out == ok ]]; then
			problem "${RAW_DESC[$i]}: sent raw, the kernel took it"
		elif ! [[ $out =~ ^error\ [A-Z0-9]+\ \([0-9]+\):\ .+ ]]; then
			problem "${RAW_DESC[$i]}: refused without an extack message: $out"
		else
			log "  ok: ${RAW_DESC[$i]} (raw): $out"
		fi
	done
	RAW_DESC=()
	: >"$TMPD/raw.req"
}

step "1. bad names"
long128=$(printf 'n%.0s' {1..128})
long200=$(printf 'n%.0s' {1..200})
bad=("" "a b" $'a\x01b' $'a\nb' $'caf\xc3\xa9' $'a\x7fb' "$long128" "$long200")
before_i=$(instances r1)
before_t=$(trackers r1)
vrid=10
for name in "${bad[@]}"; do
	shown=$(printf '%q' "$name")
	refused "instance name $shown" vctlq r1 instance add "$name" dev eth0 vrid $vrid vip 10.0.0.$vrid/24
	raw_refused "instance name $shown" instance-new --name "$name" --ifindex "$IFX" --vrid $vrid \
		--vip 10.0.0.$vrid/24
	refused "tracker name $shown" vctlq r1 tracker add "$name"
	raw_refused "tracker name $shown" tracker-new --name "$name"
	# (a VRID and VIP of their own: had the kernel taken the instance
	# above, "VRID in use" must not pass for a refused group name)
	if [[ -n $name ]]; then	# "sync-group ''" is how vrrpctl spells "none"
		refused "sync group name $shown" vctlq r1 instance add sg$vrid dev eth0 \
			vrid $((vrid + 100)) vip 10.0.0.$((vrid + 100))/24 sync-group "$name"
	fi
	if [[ -n $name ]]; then	# VRRP_A_SYNC_GROUP "" means no group
		raw_refused "sync group name $shown" instance-new --name sg$vrid --ifindex "$IFX" \
			--vrid $((vrid + 100)) --vip 10.0.0.$((vrid + 100))/24 --sync-group "$name"
	fi
	vrid=$((vrid + 1))
done
raw_check
expect "instances after the refusals" "$(instances r1)" "$before_i"
expect "trackers after the refusals" "$(trackers r1)" "$before_t"

step "the longest good names, any printable character"
long127=$(printf 'n%.0s' {1..126})~
for how in vrrpctl raw; do
	if [[ $how == vrrpctl ]]; then
		vctl r1 tracker add "$long127" || fail "tracker add (127 bytes)"
		vctl r1 instance add "$long127" dev eth0 vrid 100 vip 10.0.0.100/24 \
			sync-group "$long127" || fail "instance add (127 bytes)"
	else
		nq r1 python3 "$GENL" tracker-new --name '!#$%&()*+,-./:;<=>?@[]^_`{|}~' ||
			fail "raw tracker punctuation"
		nq r1 python3 "$GENL" instance-new --name '!#$%&()*+,-./:;<=>?@[]^_`{|}~' \
			--ifindex "$IFX" --vrid 101 --vip 10.0.0.101/24 --sync-group "$long127" ||
			fail "raw instance punctuation"
	fi
done
expect_eq "sync group" "$(show_get r1 "$long127" sync_group)" "$long127"
vctl r1 instance del "$long127" || fail "del"
vctl r1 instance del '!#$%&()*+,-./:;<=>?@[]^_`{|}~' || fail "del"
vctl r1 tracker del "$long127" || fail "tracker del"
vctl r1 tracker del '!#$%&()*+,-./:;<=>?@[]^_`{|}~' || fail "tracker del"

step "long names in use: events and notify scripts carry them whole"
uuid=0123456789abcdef0123456789abcdef
inst=lb_fedcba9876543210fedcba9876543210_amphora_$uuid	# 77 bytes
group=$(printf 'g%.0s' {1..127})
NOTE_LOG=$TMPD/notify.log
export NOTE_LOG
: >"$NOTE_LOG"
cat >"$TMPD/note.sh" <<'SH'
#!/bin/sh
echo "$*" >>"$NOTE_LOG"
SH
chmod +x "$TMPD/note.sh"
printf 'instance * notify %s\ngroup * notify %s\n' "$TMPD/note.sh" "$TMPD/note.sh" >"$TMPD/notify.conf"
bg_start "$TMPD/notify.err" r1 "$VRRPCTL" notify -c "$TMPD/notify.conf"
monitor_start r1 "$TMPD/mon.json"
vctl r1 tracker add "$long127" || fail "tracker add (127 bytes)"
vctl r1 instance add "$inst" dev eth0 vrid 102 advert 0.1 vip 10.0.0.102/24 \
	sync-group "$group" track "$long127" || fail "instance add (77 bytes)"
wait_state r1 "$inst" master 10
expect_eq "tracker of $inst" "$(vctlq r1 -j show "$inst" | python3 -c '
import json, sys
print(json.load(sys.stdin)[0]["tracks"][0]["tracker"])')" "$long127"
wait_for 5 "the MASTER event of $inst, with its group" grep -q \
	"\"name\":\"$inst\".*\"state\":\"master\".*\"sync_group\":\"$group\"" "$TMPD/mon.json"
wait_for 5 "the instance's notify script" grep -qx "INSTANCE $inst MASTER 100" "$NOTE_LOG"
wait_for 5 "the group's notify script" grep -qx "GROUP $group MASTER 0" "$NOTE_LOG"
vctl r1 instance del "$inst" || fail "del (77 bytes)"
vctl r1 tracker del "$long127" || fail "tracker del (127 bytes)"

step "2. VRRP_VIP_A_INSTALLED is output only"
raw_refused "INSTANCE_NEW with VRRP_VIP_A_INSTALLED" instance-new --name inst --ifindex "$IFX" \
	--vrid 9 --vip 10.0.0.9/24 --installed
raw_check
expect "instances after INSTALLED" "$(instances r1)" "$before_i"

step "3. per-netns limits for a container's root"
USERNS=/proc/sys/kernel/unprivileged_userns_clone
userns_restore() { [[ -z $USERNS_OLD ]] || echo "$USERNS_OLD" >"$USERNS"; }
USERNS_OLD=
if [[ -f $USERNS && $(<"$USERNS") == 0 ]]; then
	USERNS_OLD=0
	CLEANUP_HOOKS+=(userns_restore)
	echo 1 >"$USERNS"
fi
modprobe dummy 2>/dev/null || true
U=$TMPD/u
mkdir -p "$U"
chmod 755 "$TMPD"
chmod 777 "$U"
cat >"$U/limits.sh" <<'EOF'
#!/bin/bash
# Runs as root of a new user + network namespace (uid 65534 outside).
set -e
VRRPCTL=$1 what=$2 D=$(dirname "$0")
say() { printf '%s\n' "$*"; }
die() { printf 'FAIL: %s\n' "$*"; exit 1; }
count() {	# count instances|vips|trackers|members G
	case $1 in
	trackers) "$VRRPCTL" -j tracker show ;;
	*) "$VRRPCTL" -j show ;;
	esac | python3 -c '
import json, sys
v = json.load(sys.stdin)
k = sys.argv[1]
if k == "instances" or k == "trackers":
    print(len(v))
elif k == "vips":
    print(sum(len(i["vips"]) for i in v))
else:
    print(sum(1 for i in v if i.get("sync_group") == sys.argv[2]))' "$@"
}
# over DESC LIMIT CMD...: CMD fails with exit 2, its message naming LIMIT.
over() {
	local desc=$1 limit=$2 rc=0 err
	shift 2
	err=$("$@" 2>&1 >/dev/null) || rc=$?
	[ "$rc" = 2 ] || die "$desc: exit status $rc, want 2 (the kernel refuses): $err"
	case $err in
	*"$limit"*) say "  ok: $desc: $err" ;;
	*) die "$desc: the message does not name the limit $limit: $err" ;;
	esac
}
ms() { echo $(( $(date +%s%N) / 1000000 )); }
for i in 0 1 2 3 4; do
	ip link add d$i type dummy
	ip link set d$i up
done
t0=$(ms)
case $what in
instances)
	# 1024 instances: VRIDs 1..255 on d0..d3, 4 on d4
	n=0
	for d in 0 1 2 3 4; do
		for v in $(seq 1 255); do
			n=$((n + 1))
			[ $n -le 1024 ] || break
			echo "instance add i$n dev d$d vrid $v advert 40s vip 10.$d.$v.1/32"
		done
	done >"$D/inst.batch"
	"$VRRPCTL" -b "$D/inst.batch" || die "creating 1024 instances"
	say "  1024 instances created in $(( $(ms) - t0 )) ms"
	over "instance 1025" 1024 "$VRRPCTL" instance add i1025 dev d4 vrid 200 advert 40s vip 10.9.9.9/32
	[ "$(count instances)" = 1024 ] || die "instances: $(count instances), want 1024"
	[ "$(count vips)" = 1024 ] || die "VIPs: $(count vips), want 1024"
	say "  ok: 1024 instances, 1024 VIPs"
	;;
vips)
	# 7 instances of 1024 VIPs and one of 1023: 8191
	for k in 1 2 3 4 5 6 7 8; do
		printf 'instance add v%d dev d0 vrid %d advert 40s vip' $k $k
		for x in $(seq 0 $((k == 8 ? 1022 : 1023))); do
			printf ' 10.%d.%d.%d/32' $k $((x >> 8)) $((x & 255))
		done
		echo
	done >"$D/vips.batch"
	"$VRRPCTL" -b "$D/vips.batch" || die "creating 8191 VIPs"
	say "  8191 VIPs created in $(( $(ms) - t0 )) ms"
	"$VRRPCTL" instance add v9 dev d1 vrid 9 advert 40s vip 10.9.9.9/32 || die "VIP 8192"
	over "VIP 8193 (a new instance)" 8192 "$VRRPCTL" instance add v10 dev d1 vrid 10 advert 40s \
		vip 10.9.9.10/32
	[ "$(count instances)" = 9 ] || die "instances: $(count instances), want 9"
	# shellcheck disable=SC2046 # one word per VIP
	over "VIP 8193 (one more in an instance)" 8192 "$VRRPCTL" instance set v8 vip \
		$(for x in $(seq 0 1023); do printf ' 10.8.%d.%d/32' $((x >> 8)) $((x & 255)); done)
	[ "$(count vips)" = 8192 ] || die "VIPs: $(count vips), want 8192"
	# v8 keeps its 1023 VIPs
	[ "$("$VRRPCTL" -j show v8 | python3 -c 'import json, sys; print(len(json.load(sys.stdin)[0]["vips"]))')" = 1023 ] ||
		die "v8 changed by the refused set"
	say "  ok: 9 instances, 8192 VIPs"
	;;
sync)
	for k in $(seq 1 32); do
		echo "instance add s$k dev d1 vrid $k advert 40s vip 10.1.$k.1/32 sync-group G"
	done >"$D/sync.batch"
	"$VRRPCTL" -b "$D/sync.batch" || die "creating 32 members"
	over "member 33 (new instance)" 32 "$VRRPCTL" instance add s33 dev d1 vrid 33 advert 40s \
		vip 10.1.33.1/32 sync-group G
	"$VRRPCTL" instance add s34 dev d1 vrid 34 advert 40s vip 10.1.34.1/32 || die "add s34"
	over "member 33 (set)" 32 "$VRRPCTL" instance set s34 sync-group G
	[ "$(count members G)" = 32 ] || die "members of G: $(count members G), want 32"
	[ "$(count instances)" = 33 ] || die "instances: $(count instances), want 33"
	say "  ok: 32 members of G, s34 not one"
	;;
trackers)
	for k in $(seq 1 256); do echo "tracker add t$k"; done >"$D/trk.batch"
	"$VRRPCTL" -b "$D/trk.batch" || die "creating 256 trackers"
	over "tracker 257" 256 "$VRRPCTL" tracker add t257
	[ "$(count trackers)" = 256 ] || die "trackers: $(count trackers), want 256"
	say "  ok: 256 trackers"
	;;
esac
say "  ($what: $(( $(ms) - t0 )) ms in all)"
EOF
for what in instances vips sync trackers; do
	log "+ setpriv --reuid=65534 --regid=65534 --clear-groups unshare -Urn bash limits.sh $what"
	setpriv --reuid=65534 --regid=65534 --clear-groups \
		unshare -Urn bash "$U/limits.sh" "$VRRPCTL" "$what" || problem "limits: $what"
done
[[ $PROBLEMS == 0 ]] || fail "$PROBLEMS problems (PROBLEM: lines above)"
log "PASS"
