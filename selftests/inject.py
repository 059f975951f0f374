#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made VRRP advertisements, well-formed or broken on purpose.

Frames are built whole (Ethernet, IPv4, VRRP) and sent on an AF_PACKET socket,
so every field is ours: TTL, IP checksum, lengths. Run it inside a network
namespace plugged into the test LAN (selftests/lib.sh: netns "inj").

    inject.py --dev eth0 --src 10.0.0.200 --vrid 51 --vip 10.0.0.50 \
              --kind ttl --num 3

Kinds (each otherwise a valid VRRPv3 advertisement):
  good      valid; --csum rfc|pseudo chooses the checksum form
  ttl       IP TTL 64 instead of 255
  v2        version 2 (RFC 3768 layout: auth type 0, interval in seconds)
  v4        version 4
  type      type 2 (not an advertisement)
  csum      checksum wrong in both forms
  trunc     count says 2 addresses, only 1 present (IP length matches)
  vrid      VRID as given, meant to be one no instance uses
  interval0 Max Adver Int 0
  count0    address count 0 and no address
  short     only 4 bytes of VRRP message
"""

import argparse
import socket
import struct
import sys
import time

IPPROTO_VRRP = 112
ETH_P_IP = 0x0800


def csum16(data):
    """Internet checksum (RFC 1071) of data, as an int."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def vrrp_csum(msg, src, dst, pseudo):
    """VRRPv3 checksum over msg (its checksum field zero)."""
    if pseudo:
        ph = socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, IPPROTO_VRRP, len(msg))
        return csum16(ph + msg)
    return csum16(msg)


def vrrp_msg(a):
    """The VRRP message (IP payload) for one advert of kind a.kind."""
    version, vtype, count, interval = 3, 1, len(a.vip), a.interval
    addrs = b"".join(socket.inet_aton(v) for v in a.vip)
    k = a.kind
    if k == "v4":
        version = 4
    elif k == "type":
        vtype = 2
    elif k == "interval0":
        interval = 0
    elif k == "count0":
        count, addrs = 0, b""
    elif k == "trunc":
        count, addrs = 2, addrs[:4]
    if k == "v2":
        # RFC 3768: vers/type, vrid, prio, count, auth type, adver int (s), csum
        hdr = struct.pack("!BBBBBBH", 2 << 4 | 1, a.vrid, a.prio, count, 0,
                          max(1, interval // 100), 0)
        msg = hdr + addrs + b"\0" * 8
        c = csum16(msg)
        return msg[:6] + struct.pack("!H", c) + msg[8:]
    hdr = struct.pack("!BBBBHH", version << 4 | vtype, a.vrid, a.prio, count,
                      interval & 0x0FFF, 0)
    msg = hdr + addrs
    c = vrrp_csum(msg, a.src, a.group, a.csum == "pseudo")
    if k == "csum":
        # Wrong in both forms: the RFC and pseudo-header sums differ from it.
        good = {c, vrrp_csum(msg, a.src, a.group, a.csum != "pseudo")}
        c = (c + 0x1234) & 0xFFFF
        while c in good or c == 0:
            c = (c + 1) & 0xFFFF
    msg = msg[:6] + struct.pack("!H", c) + msg[8:]
    if k == "short":
        msg = msg[:4]
    return msg


def ipv4(payload, src, dst, ttl, ident):
    hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(payload), ident, 0,
                      ttl, IPPROTO_VRRP, 0, socket.inet_aton(src), socket.inet_aton(dst))
    c = csum16(hdr)
    return hdr[:10] + struct.pack("!H", c) + hdr[12:] + payload


def mcast_mac(group):
    g = socket.inet_aton(group)
    return bytes([0x01, 0x00, 0x5E, g[1] & 0x7F, g[2], g[3]])


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dev", default="eth0")
    p.add_argument("--src", required=True, help="IPv4 source address")
    p.add_argument("--group", default="224.0.0.18")
    p.add_argument("--vrid", type=int, required=True)
    p.add_argument("--prio", type=int, default=255)
    p.add_argument("--interval", type=int, default=100, help="centiseconds")
    p.add_argument("--vip", action="append", default=[], help="address in the advert (repeatable)")
    p.add_argument("--kind", default="good",
                   choices="good ttl v2 v4 type csum trunc vrid interval0 count0 short".split())
    p.add_argument("--csum", default="rfc", choices=["rfc", "pseudo"])
    p.add_argument("--ttl", type=int, default=None)
    p.add_argument("--num", type=int, default=1, help="how many to send")
    p.add_argument("--gap", type=float, default=0.02, help="seconds between packets")
    a = p.parse_args()
    if not a.vip:
        a.vip = ["10.0.0.50"]
    ttl = a.ttl if a.ttl is not None else (64 if a.kind == "ttl" else 255)

    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ETH_P_IP))
    s.bind((a.dev, ETH_P_IP))
    smac = s.getsockname()[4]
    msg = vrrp_msg(a)
    print("inject: %d x %s: %s -> %s vrid %d prio %d ttl %d csum %s, VRRP %s" %
          (a.num, a.kind, a.src, a.group, a.vrid, a.prio, ttl, a.csum, msg.hex()))
    for i in range(a.num):
        frame = mcast_mac(a.group) + smac + struct.pack("!H", ETH_P_IP) + \
            ipv4(msg, a.src, a.group, ttl, (0x4000 + i) & 0xFFFF)
        s.send(frame)
        if a.gap and i + 1 < a.num:
            time.sleep(a.gap)
    return 0


if __name__ == "__main__":
    sys.exit(main())
