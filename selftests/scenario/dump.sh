#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
# timeout: 300
#
# Regression: an instance with many VIPs in a dump. Its message did not fit
# the dump skb, and the whole dump (every instance) failed with EMSGSIZE
# ("vrrpctl: show: Message too long"). Now an instance whose VIP list does
# not fit is continued in the following messages (VRRP_A_VIP_FIRST, see
# uapi/linux/vrrp.h), and vrrpctl merges them.
#
#      r1 eth0 (alone on br0; IPv6 on)
#      BIG6: vrid 1, IPv6, 1024 VIPs: fe80::1/64, 2001:db8:1::1/64 ... ::3ff
#      BIG4: vrid 2, IPv4, 1024 VIPs: 172.16.0.1/32 ... 172.16.4.0/32
#      N4: vrid 3 (one VIP), N6: vrid 4 IPv6 (two), N2: vrid 5 VRRPv2 (one)
#
# Every VIP of every instance, in order, must be in "vrrpctl show" (text),
# "vrrpctl -j show" and "vrrpctl save", while all are master (VIPs
# installed: the largest messages); and in a dump read by a raw client
# (selftests/genl.py) with an 8 KiB receive buffer and no MSG_PEEK: no
# message truncated, no error, continuations in order.

. "$(dirname "$0")/../lib.sh"
require_module
require_cmd python3

# shellcheck disable=SC2034 # read by setup_lan
LAN_IPV6=1
GENL="$SRCDIR/selftests/genl.py"
setup_lan r1

# The VIPs of each instance, one "ADDR/LEN" a line, as configured.
{
	echo fe80::1/64
	for i in $(seq 1 1023); do printf '2001:db8:1::%x/64\n' "$i"; done
} >"$TMPD/BIG6"
for i in $(seq 1 1024); do echo "172.16.$((i >> 8)).$((i & 255))/32"; done >"$TMPD/BIG4"
echo 10.0.0.3/24 >"$TMPD/N4"
printf '%s\n' fe80::4/64 2001:db8::4/64 >"$TMPD/N6"
echo 10.0.0.5/24 >"$TMPD/N2"

step "create the instances"
mapfile -t v <"$TMPD/BIG6"
add r1 BIG6 vrid 1 vip "${v[@]}" >/dev/null
mapfile -t v <"$TMPD/BIG4"
add r1 BIG4 vrid 2 vip "${v[@]}" >/dev/null
add r1 N4 vrid 3 vip 10.0.0.3/24
add r1 N6 vrid 4 vip fe80::4/64 2001:db8::4/64
add r1 N2 vrid 5 version 2 vip 10.0.0.5/24
for i in N4 N6 N2; do wait_state r1 $i master 60; done
# (not wait_state: that reads "vrrpctl show NAME", checked below)
wait_vip r1 2001:db8:1::3ff present 60
wait_vip r1 172.16.4.0 present 60

# check_vips WHAT FILE: FILE is {"NAME": ["ADDR/LEN", ...]}; each instance
# has exactly its configured VIPs, in order.
check_vips() {
	python3 -c '
import json, sys
got = json.load(open(sys.argv[2]))
bad = 0
for name in ("BIG6", "BIG4", "N4", "N6", "N2"):
    want = open(sys.argv[1] + "/" + name).read().split()
    have = got.get(name)
    if have != want:
        bad += 1
        print("%s: %s: %s VIPs, want %d%s" % (sys.argv[3], name,
              "no instance" if have is None else len(have), len(want),
              "" if have is None or len(have) != len(want) else " (not the same)"))
    else:
        print("  ok: %s: %s has its %d VIPs" % (sys.argv[3], name, len(want)))
extra = set(got) - {"BIG6", "BIG4", "N4", "N6", "N2"}
if extra:
    bad += 1
    print("%s: unexpected instances %s" % (sys.argv[3], sorted(extra)))
sys.exit(bad != 0)' "$TMPD" "$2" "$1" || fail "$1: VIPs missing"
}

step "vrrpctl show (text)"
vctlq r1 show >"$TMPD/show.txt" 2>"$TMPD/show.err" ||
	fail "vrrpctl show: $(cat "$TMPD/show.err")"
# "NAME: state ..." starts an instance, "    vip ADDR/LEN (installed)" a VIP
python3 -c '
import json, re, sys
out, cur = {}, None
for line in open(sys.argv[1]):
    m = re.match(r"^(\S+): state ", line)
    if m:
        cur = out.setdefault(m.group(1), [])
        continue
    m = re.match(r"^\s+vip (\S+)", line)
    if m and cur is not None:
        cur.append(m.group(1))
json.dump(out, open(sys.argv[2], "w"))' "$TMPD/show.txt" "$TMPD/show.vips"
check_vips "vrrpctl show" "$TMPD/show.vips"

step "vrrpctl -j show"
vctlq r1 -j show >"$TMPD/show.json" 2>"$TMPD/show.err" ||
	fail "vrrpctl -j show: $(cat "$TMPD/show.err")"
python3 -c '
import json, sys
out = {}
for i in json.load(open(sys.argv[1])):
    if i["name"] in out:
        sys.exit("instance %s listed twice" % i["name"])
    out[i["name"]] = ["%s/%d" % (v["address"], v["prefixlen"]) for v in i["vips"]]
    if i["name"].startswith("BIG") and not all(v["installed"] for v in i["vips"]):
        sys.exit("%s: not every VIP installed" % i["name"])
json.dump(out, open(sys.argv[2], "w"))' "$TMPD/show.json" "$TMPD/json.vips" ||
	fail "vrrpctl -j show: unexpected output"
check_vips "vrrpctl -j show" "$TMPD/json.vips"

step "vrrpctl save"
vctlq r1 save >"$TMPD/save.txt" 2>"$TMPD/save.err" ||
	fail "vrrpctl save: $(cat "$TMPD/save.err")"
python3 -c '
import json, sys
out = {}
for line in open(sys.argv[1]):
    w = line.split()
    if w[:2] != ["instance", "add"]:
        continue
    vips, on = [], False
    for x in w[3:]:
        if x == "vip":
            on = True
        elif on and "/" in x:
            vips.append(x)
        else:
            on = False
    out[w[2]] = vips
json.dump(out, open(sys.argv[2], "w"))' "$TMPD/save.txt" "$TMPD/save.vips"
check_vips "vrrpctl save" "$TMPD/save.vips"

step "raw dump: 8 KiB receive buffer, no MSG_PEEK"
nq r1 python3 "$GENL" dump --bufsize 8192 --json >"$TMPD/raw.vips" 2>"$TMPD/raw.err" ||
	fail "raw dump: $(cat "$TMPD/raw.vips" "$TMPD/raw.err")"
check_vips "raw dump" "$TMPD/raw.vips"

step "vrrpctl show BIG6 (one instance)"
vctlq r1 -j show BIG6 >"$TMPD/one.json" 2>"$TMPD/one.err" ||
	fail "vrrpctl -j show BIG6: $(cat "$TMPD/one.err")"
expect_eq "BIG6 state" "$(json_get state <"$TMPD/one.json")" master
expect_eq "BIG6 VIPs" "$(json_get vips <"$TMPD/one.json" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))')" 1024

for i in BIG6 BIG4 N4 N6 N2; do del r1 $i; done
wait_vip r1 2001:db8:1::3ff absent 60
log "PASS"
