#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Send hand-made VRRP advertisements, well-formed or broken on purpose.

Frames are built whole (Ethernet, IPv4 or IPv6, VRRP) and sent on an AF_PACKET
socket, so every field is ours: TTL / hop limit, IP checksum, lengths. Run it
inside a network namespace plugged into the test LAN (selftests/lib.sh: netns
"inj").

    inject.py --dev eth0 --src 10.0.0.200 --vrid 51 --vip 10.0.0.50 \
              --kind ttl --num 3
    inject.py --family 6 --src fe80::200 --vrid 52 --vip fe80::50 --vip 2001:db8::50
    inject.py --version 2 --auth-type 1 --auth-data secret --src 10.0.0.200 --vrid 53

--family 6: IPv6 to ff02::12 (hop limit 255), the checksum always over the
IPv6 pseudo-header. --version 2: a VRRPv2 (RFC 3768) advert, IPv4 only, with
--auth-type / --auth-data (zero-padded to 8 bytes) and the interval in whole
seconds. --dst / --dst-mac send a unicast advert instead of to the group.
--pcap FILE writes the frames to a pcap file instead of sending them (no
privileges needed: for checking the packets with tshark offline).
--frag N sends each advert as IP fragments of N payload bytes (a multiple of
8): IPv4 with More Fragments and offsets under one IP id per advert, IPv6
with a Fragment extension header (one identification per advert).
--serve reads one set of options a line from stdin (added to those of the
command line), sends each and answers "inject: done RC" (for a coprocess).
--extra-addrs K appends K more addresses to the advert (after --vip:
10.200.X.Y / 2001:db8:ffff::K), to make it large.

Kinds (each otherwise a valid advertisement of --version / --family):
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
  notll     IPv6: the link-local address is not the first one (moved last)
  noauth    VRRPv2: the 8 bytes of Authentication Data missing
"""

import argparse
import shlex
import socket
import struct
import sys
import time

IPPROTO_VRRP = 112
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD


def csum16(data):
    """Internet checksum (RFC 1071) of data, as an int."""
    if len(data) % 2:
        data += b"\0"
    s = sum(struct.unpack("!%dH" % (len(data) // 2), data))
    while s >> 16:
        s = (s & 0xFFFF) + (s >> 16)
    return ~s & 0xFFFF


def pseudo_header(src, dst, length):
    """The IPv4 or IPv6 pseudo-header of an IPPROTO_VRRP payload."""
    if ":" in src:
        return (socket.inet_pton(socket.AF_INET6, src) + socket.inet_pton(socket.AF_INET6, dst) +
                struct.pack("!I3xB", length, IPPROTO_VRRP))
    return socket.inet_aton(src) + socket.inet_aton(dst) + struct.pack("!BBH", 0, IPPROTO_VRRP, length)


def vrrp_csum(msg, src, dst, pseudo):
    """VRRPv3 checksum over msg (its checksum field zero)."""
    if pseudo:
        return csum16(pseudo_header(src, dst, len(msg)) + msg)
    return csum16(msg)


def addr_bytes(v):
    return socket.inet_pton(socket.AF_INET6 if ":" in v else socket.AF_INET, v)


def extra_addrs(family, k):
    """k distinct filler addresses of the family."""
    if family == 6:
        return ["2001:db8:ffff::%x" % (i + 1) for i in range(k)]
    return ["10.200.%d.%d" % ((i + 1) >> 8, (i + 1) & 0xFF) for i in range(k)]


def vrrp_msg(a):
    """The VRRP message (IP payload) for one advert of kind a.kind."""
    vips = list(a.vip) + extra_addrs(a.family, a.extra_addrs)
    version, vtype, count, interval = a.version, 1, len(vips), a.interval
    k = a.kind
    if k == "notll":
        vips = vips[1:] + vips[:1]
    alen = 16 if a.family == 6 else 4
    addrs = b"".join(addr_bytes(v) for v in vips)
    if k == "v4":
        version = 4
    elif k == "type":
        vtype = 2
    elif k == "interval0":
        interval = 0
    elif k == "count0":
        count, addrs = 0, b""
    elif k == "trunc":
        count, addrs = 2, addrs[:alen]
    if k == "v2" or a.version == 2:
        # RFC 3768: vers/type, vrid, prio, count, auth type, adver int (s), csum
        secs = interval // 100 if k == "interval0" else max(1, interval // 100)
        if k == "v2" and a.version != 2:
            auth_type, auth = 0, b"\0" * 8
        else:
            auth_type = a.auth_type
            auth = a.auth_data.encode()[:8].ljust(8, b"\0")
        if k == "noauth":
            auth = b""
        hdr = struct.pack("!BBBBBBH", (4 if k == "v4" else 2) << 4 | vtype, a.vrid, a.prio,
                          count, auth_type, secs, 0)
        msg = hdr + addrs + auth
        c = csum16(msg)
        if k == "csum":
            c = (c + 0x1234) & 0xFFFF or 1
        msg = msg[:6] + struct.pack("!H", c) + msg[8:]
        return msg[:4] if k == "short" else msg
    hdr = struct.pack("!BBBBHH", version << 4 | vtype, a.vrid, a.prio, count,
                      interval & 0x0FFF, 0)
    msg = hdr + addrs
    pseudo = a.csum == "pseudo" or a.family == 6
    c = vrrp_csum(msg, a.src, a.dst, pseudo)
    if k == "csum":
        # Wrong in both forms: the RFC and pseudo-header sums differ from it.
        good = {c, vrrp_csum(msg, a.src, a.dst, not pseudo)}
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


def ipv4_frags(payload, src, dst, ttl, ident, size):
    """payload as IPv4 fragments of size bytes (the last may be shorter)."""
    out = []
    for off in range(0, len(payload), size):
        part = payload[off:off + size]
        more = 0x2000 if off + size < len(payload) else 0
        hdr = struct.pack("!BBHHHBBH4s4s", 0x45, 0xC0, 20 + len(part), ident,
                          more | off // 8, ttl, IPPROTO_VRRP, 0,
                          socket.inet_aton(src), socket.inet_aton(dst))
        c = csum16(hdr)
        out.append(hdr[:10] + struct.pack("!H", c) + hdr[12:] + part)
    return out


def ipv6(payload, src, dst, hlim, nxt=IPPROTO_VRRP):
    return struct.pack("!IHBB16s16s", 0x60000000, len(payload), nxt, hlim,
                       socket.inet_pton(socket.AF_INET6, src),
                       socket.inet_pton(socket.AF_INET6, dst)) + payload


IPPROTO_FRAGMENT = 44


def ipv6_frags(payload, src, dst, hlim, ident, size):
    """payload as IPv6 fragments (Fragment header) of size bytes each."""
    out = []
    for off in range(0, len(payload), size):
        part = payload[off:off + size]
        more = 1 if off + size < len(payload) else 0
        fh = struct.pack("!BBHI", IPPROTO_VRRP, 0, off | more, ident)
        out.append(ipv6(fh + part, src, dst, hlim, IPPROTO_FRAGMENT))
    return out


def mcast_mac(group):
    if ":" in group:
        g = socket.inet_pton(socket.AF_INET6, group)
        return bytes([0x33, 0x33]) + g[12:]
    g = socket.inet_aton(group)
    return bytes([0x01, 0x00, 0x5E, g[1] & 0x7F, g[2], g[3]])


def write_pcap(path, frames):
    with open(path, "wb") as f:
        f.write(struct.pack("<IHHiIII", 0xA1B2C3D4, 2, 4, 0, 0, 65535, 1))
        for i, fr in enumerate(frames):
            f.write(struct.pack("<IIII", 1700000000 + i, 0, len(fr), len(fr)) + fr)


def serve(base):
    """--serve: one injection per line of stdin (its arguments, after the
    command line's), each answered "inject: done RC" once sent; a test drives
    it as a coprocess instead of starting python3 (slow in an emulated guest)
    for each injection."""
    for line in sys.stdin:
        if line.strip():
            try:
                rc = main(base + shlex.split(line))
            except SystemExit as e:     # argparse's error: say it, go on
                rc = e.code if isinstance(e.code, int) else 2
            print("inject: done %d" % rc, flush=True)
    return 0


def main(argv=None):
    argv = sys.argv[1:] if argv is None else argv
    if "--serve" in argv:
        return serve([x for x in argv if x != "--serve"])
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dev", default="eth0")
    p.add_argument("--src", required=True, help="source address (IPv6: normally link-local)")
    p.add_argument("--group", default=None, help="224.0.0.18 / ff02::12")
    p.add_argument("--dst", default=None, help="unicast destination instead of the group")
    p.add_argument("--dst-mac", default=None, help="Ethernet destination for --dst")
    p.add_argument("--family", type=int, default=4, choices=[4, 6])
    p.add_argument("--version", type=int, default=3, choices=[2, 3])
    p.add_argument("--auth-type", type=int, default=0, help="VRRPv2 auth type")
    p.add_argument("--auth-data", default="", help="VRRPv2 auth data (PASS password)")
    p.add_argument("--vrid", type=int, required=True)
    p.add_argument("--prio", type=int, default=255)
    p.add_argument("--interval", type=int, default=100, help="centiseconds")
    p.add_argument("--vip", action="append", default=[], help="address in the advert (repeatable)")
    p.add_argument("--kind", default="good",
                   choices="good ttl v2 v4 type csum trunc vrid interval0 count0 short notll noauth".split())
    p.add_argument("--csum", default="rfc", choices=["rfc", "pseudo"])
    p.add_argument("--ttl", type=int, default=None, help="TTL / hop limit")
    p.add_argument("--num", type=int, default=1, help="how many to send")
    p.add_argument("--gap", type=float, default=0.02, help="seconds between packets")
    p.add_argument("--pcap", default=None, help="write the frames to this pcap file, send nothing")
    p.add_argument("--frag", type=int, default=0,
                   help="send each advert as IP fragments of this many payload bytes")
    p.add_argument("--extra-addrs", type=int, default=0, help="this many more addresses")
    a = p.parse_args(argv)
    if a.frag and (a.frag < 8 or a.frag % 8):
        p.error("--frag must be a multiple of 8")
    if len(a.vip) + a.extra_addrs > 255:
        p.error("at most 255 addresses in an advert")
    if a.version == 2 and a.family == 6:
        p.error("VRRPv2 is IPv4 only")
    if not a.vip:
        a.vip = ["fe80::50", "2001:db8::50"] if a.family == 6 else ["10.0.0.50"]
    if a.group is None:
        a.group = "ff02::12" if a.family == 6 else "224.0.0.18"
    a.dst = a.dst or a.group
    ttl = a.ttl if a.ttl is not None else (64 if a.kind == "ttl" else 255)

    if a.dst != a.group:
        if not a.dst_mac:
            p.error("--dst needs --dst-mac")
        dmac = bytes.fromhex(a.dst_mac.replace(":", ""))
    else:
        dmac = mcast_mac(a.group)
    ethertype = ETH_P_IPV6 if a.family == 6 else ETH_P_IP
    if a.pcap:
        s, smac = None, bytes.fromhex("020000000200")
    else:
        s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, socket.htons(ethertype))
        s.bind((a.dev, ethertype))
        smac = s.getsockname()[4]
    msg = vrrp_msg(a)
    shown = msg.hex() if len(msg) <= 64 else "%s... (%d bytes)" % (msg[:32].hex(), len(msg))
    print("inject: %d x %s: v%d %s -> %s vrid %d prio %d ttl %d csum %s auth %d, VRRP %s%s" %
          (a.num, a.kind, a.version, a.src, a.dst, a.vrid, a.prio, ttl, a.csum, a.auth_type, shown,
           ", fragments of %d bytes" % a.frag if a.frag else ""))
    frames = []
    eth = dmac + smac + struct.pack("!H", ethertype)
    for i in range(a.num):
        if a.family == 6 and a.frag:
            ips = ipv6_frags(msg, a.src, a.dst, ttl, 0x76720000 + i, a.frag)
        elif a.frag:
            ips = ipv4_frags(msg, a.src, a.dst, ttl, (0x4000 + i) & 0xFFFF, a.frag)
        elif a.family == 6:
            ips = [ipv6(msg, a.src, a.dst, ttl)]
        else:
            ips = [ipv4(msg, a.src, a.dst, ttl, (0x4000 + i) & 0xFFFF)]
        frames.append([eth + ip for ip in ips])
    if a.pcap:
        write_pcap(a.pcap, [f for fr in frames for f in fr])
        return 0
    for i, frame in enumerate(frames):
        for f in frame:
            s.send(f)
        if a.gap and i + 1 < a.num:
            time.sleep(a.gap)
    s.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
