#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Packet fuzzer for vrrp.ko's receive path: mutated adverts on AF_PACKET.

Sends, as fast as python can, VRRP adverts for the VRIDs configured on the
receiver (that is where the parsing happens), each built valid and then
mutated: v2 and v3, IPv4 and IPv6, random priority / interval / type /
version, random address counts and lengths, wrong checksums (and right ones
in both IPv4 forms), TTL variants, multicast and unicast destinations (the
receiver's MAC or a virtual MAC), IPv4 options (ihl > 5), IPv6 extension
headers (hop-by-hop, destination options, routing, fragment), IP fragments
(in order, out of order, overlapping, tiny, incomplete, oversized up to and
past 64 KiB), truncated and padded packets, random bit and byte flips.
Frames larger than the MTU of --dev are not sent whole (they go as
fragments).

    pktfuzz.py --dev eth0 --secs 30 --seed 1 --dst-mac 02:.. \\
        --src4 10.0.0.200 --dst4 10.0.0.1 --src6 fe80::.. --dst6 2001:db8::1 \\
        --vrid4 10,11 --vrid6 12 --vip4 10.0.0.50 --vip6 fe80::12 --auth secret

Prints the seed, what it sent by kind, and the packets per second.
"""

import argparse
import collections
import os
import random
import socket
import struct
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
from inject import csum16, mcast_mac  # noqa: E402 (selftests/inject.py)

PROTO = 112
ETH_P_IP = 0x0800
ETH_P_IPV6 = 0x86DD


def a4(s):
    return socket.inet_aton(s)


def a6(s):
    return socket.inet_pton(socket.AF_INET6, s)


def pseudo4(src, dst, ln):
    return src + dst + struct.pack("!BBH", 0, PROTO, ln)


def pseudo6(src, dst, ln):
    return src + dst + struct.pack("!I3xB", ln, PROTO)


class Fuzz:
    def __init__(self, a, rnd):
        self.a = a
        self.r = rnd
        self.kinds = collections.Counter()
        self.ident = rnd.randrange(65536)
        self.smac = None

    def rb(self, n):
        return os.urandom(n)

    def note(self, k):
        self.kinds[k] += 1

    # --- VRRP message ---
    def vrrp(self, fam, ver, src, dst):
        r, a = self.r, self.a
        alen = 16 if fam == 6 else 4
        vrids = a.vrid6 if fam == 6 else (a.vrid2 if ver == 2 else a.vrid4)
        vrid = r.choice(vrids) if vrids and r.random() < 0.92 else r.randrange(256)
        prio = r.choice([0, 1, 50, 99, 100, 101, 150, 199, 200, 201, 254, 255])
        vips = a.vip6 if fam == 6 else a.vip4
        addrs = [a6(v) if fam == 6 else a4(v) for v in vips]
        x = r.random()
        if x < 0.6:
            count = len(addrs)
            body = b"".join(addrs)
        elif x < 0.75:
            count = r.randrange(256)
            body = b"".join(addrs) + self.rb(alen * r.randrange(0, 8))
            self.note("count-random")
        elif x < 0.85:
            count = r.randrange(1, 40)
            body = self.rb(alen * count)
            self.note("addrs-random")
        else:
            count = r.choice([0, 1, 2, 255])
            body = self.rb(r.randrange(0, 64))
            self.note("addrs-length")
        if r.random() < 0.2:
            vtype = r.choice([0, 2, 3, 15])
            self.note("type")
        else:
            vtype = 1
        vv = ver if r.random() < 0.95 else r.choice([0, 1, 4, 15, 5 - ver])
        if ver == 2:
            secs = r.choice([1, 1, 1, 0, 2, 255]) if r.random() < 0.3 else a.interval2
            atype = 1 if a.auth else 0
            if r.random() < 0.15:
                atype = r.choice([0, 1, 2, 3, 255])
                self.note("auth-type")
            auth = (a.auth or "").encode()[:8].ljust(8, b"\0")
            if r.random() < 0.15:
                auth = self.rb(8)
                self.note("auth-data")
            if r.random() < 0.05:
                auth = auth[:r.randrange(8)]
                self.note("auth-short")
            hdr = struct.pack("!BBBBBBH", vv << 4 | vtype, vrid, prio, count & 255, atype, secs, 0)
            msg = hdr + body + auth
            c = csum16(msg)
        else:
            ival = r.choice([a.interval, a.interval, 1, 0, 4095, 100, 1000])
            if r.random() < 0.05:
                ival = r.randrange(1 << 16)  # reserved bits set
                self.note("rsvd-bits")
            hdr = struct.pack("!BBBBHH", vv << 4 | vtype, vrid, prio, count & 255, ival & 0xFFFF, 0)
            msg = hdr + body
            if fam == 6 or r.random() < 0.5:
                ph = (pseudo6 if fam == 6 else pseudo4)(src, dst, len(msg))
                c = csum16(ph + msg)
            else:
                c = csum16(msg)
        if r.random() < 0.1:
            c = r.randrange(65536)
            self.note("csum-bad")
        msg = msg[:6] + struct.pack("!H", c) + msg[8:]
        if r.random() < 0.08:
            msg = msg[:r.randrange(len(msg) + 1)]
            self.note("vrrp-trunc")
        elif r.random() < 0.04:
            msg += self.rb(r.choice([1, 3, 100, 1000, 8000, 30000]))
            self.note("vrrp-pad")
        if r.random() < 0.1:
            m = bytearray(msg)
            for _ in range(r.randrange(1, 4)):
                if m:
                    m[r.randrange(len(m))] ^= 1 << r.randrange(8)
            msg = bytes(m)
            self.note("vrrp-bitflip")
        return msg

    # --- addressing ---
    def addrs(self, fam):
        r, a = self.r, self.a
        if fam == 6:
            src = r.choice([a.src6] * 6 + [a.gsrc6, "fe80::1", "2001:db8::99", "::", "ff02::1"])
            x = r.random()
            if x < 0.7:
                dst, dmac = "ff02::12", mcast_mac("ff02::12")
            elif x < 0.9:
                dst, dmac = a.dst6, self.dmac()
                self.note("unicast")
            else:
                dst = r.choice(["ff02::1", "ff05::12", "::1", a.dst6])
                dmac = mcast_mac(dst) if dst.startswith("ff") else self.dmac()
            return a6(src), a6(dst), dmac
        src = r.choice([a.src4] * 6 + [a.peer4, "10.0.0.99", "0.0.0.0", "255.255.255.255", "224.0.0.1"])
        x = r.random()
        if x < 0.7:
            dst, dmac = "224.0.0.18", mcast_mac("224.0.0.18")
        elif x < 0.9:
            dst, dmac = a.dst4, self.dmac()
            self.note("unicast")
        else:
            dst = r.choice(["224.0.0.1", "239.1.1.1", "10.0.0.255", "255.255.255.255", a.dst4])
            dmac = mcast_mac(dst) if dst.startswith(("224", "239")) else b"\xff" * 6
        return a4(src), a4(dst), dmac

    def dmac(self):
        r = self.r
        if r.random() < 0.8:
            return self.a.dmac
        vr = r.choice(self.a.vrid4 + self.a.vrid6 or [1])
        return bytes([0, 0, 0x5E, 0, r.choice([1, 2]), vr])

    def ttl(self):
        r = self.r
        if r.random() < 0.8:
            return 255
        self.note("ttl")
        return r.choice([0, 1, 64, 128, 254])

    # --- IPv4 ---
    def ip4opts(self):
        r = self.r
        x = r.random()
        if x < 0.3:
            o = b"\x94\x04\x00\x00"          # router alert
        elif x < 0.5:
            o = b"\x01" * r.choice([4, 8, 40])  # NOPs
        elif x < 0.6:
            o = b"\x00" * r.choice([4, 8])    # EOL
        elif x < 0.7:
            n = r.choice([3, 7, 11, 39])      # record route, pointer 4
            o = bytes([7, n, 4]) + bytes(n - 3)
            o += b"\0" * ((4 - len(o) % 4) % 4)
        elif x < 0.8:
            o = bytes([0x44, 12, 5, 0]) + bytes(8)  # timestamp
        else:
            o = self.rb(4 * r.randrange(1, 11))  # garbage
        return o[:40]

    def ip4hdr(self, src, dst, ttl, plen, opts=b"", frag=0, ident=None, tot=None):
        ihl = 5 + len(opts) // 4
        tot = 4 * ihl + plen if tot is None else tot
        h = struct.pack("!BBHHHBBH4s4s", 0x40 | ihl, 0xC0, tot & 0xFFFF,
                        self.ident if ident is None else ident, frag, ttl, PROTO, 0, src, dst) + opts
        return h[:10] + struct.pack("!H", csum16(h)) + h[12:]

    def packets4(self, msg, src, dst, ttl):
        """The IPv4 packets carrying msg: one, or fragments."""
        r = self.r
        self.ident = (self.ident + 1) & 0xFFFF
        opts = b""
        if r.random() < 0.15:
            opts = self.ip4opts()
            self.note("ip-options")
        x = r.random()
        if x < 0.8 and 20 + len(opts) + len(msg) <= self.a.mtu:
            tot = None
            if r.random() < 0.04:
                tot = r.choice([0, 20, 21, 24, 27, 28, 20 + len(msg) - 1, 20 + len(msg) + 1, 65535])
                self.note("ip-totlen")
            h = self.ip4hdr(src, dst, ttl, len(msg), opts, tot=tot)
            if r.random() < 0.02:
                h = h[:10] + b"\x12\x34" + h[12:]
                self.note("ip-csum")
            return [h + msg]
        # fragments
        return self.frag4(msg, src, dst, ttl, opts)

    def frag4(self, msg, src, dst, ttl, opts):
        r = self.r
        big = r.random() < 0.25
        if big:  # oversized: up to and past 64 KiB
            msg = msg + self.rb(r.choice([2000, 20000, 65000, max(8, 65515 - len(msg) - 20), 66000]))
            self.note("frag-big")
        maxchunk = max(8, (self.a.mtu - 20 - len(opts)) // 8 * 8)
        chunk = r.choice([8, 16, 64, 512, maxchunk, maxchunk])
        chunk = min(chunk, maxchunk)
        pieces = []
        off = 0
        while off < len(msg):
            pieces.append((off, msg[off:off + chunk]))
            off += chunk
        if len(pieces) > 300:  # too many: larger chunks
            chunk = maxchunk
            pieces = [(o, msg[o:o + chunk]) for o in range(0, len(msg), chunk)]
        frames = []
        for i, (o, data) in enumerate(pieces):
            mf = 0x2000 if i + 1 < len(pieces) else 0
            frames.append((o, data, mf))
        kind = r.random()
        if kind < 0.2:
            r.shuffle(frames)
            self.note("frag-order")
        elif kind < 0.3 and len(frames) > 1:
            frames.pop(r.randrange(len(frames)))  # incomplete
            self.note("frag-incomplete")
        elif kind < 0.45 and frames:
            o, data, mf = r.choice(frames)  # overlapping copy, other content
            o2 = max(0, o - 8 * r.randrange(0, 3))
            frames.insert(r.randrange(len(frames) + 1), (o2, self.rb(len(data) + 8), 0x2000))
            self.note("frag-overlap")
        elif kind < 0.5:
            frames.insert(0, (0, msg[:8], 0x2000))  # duplicate first
            self.note("frag-dup")
        else:
            self.note("frag")
        out = []
        for o, data, mf in frames:
            off = o // 8
            if off > 0x1FFF:
                off = 0x1FFF
                self.note("frag-past-64k")
            h = self.ip4hdr(src, dst, ttl, len(data), opts if o == 0 else b"", frag=mf | off)
            out.append(h + data)
        return out

    # --- IPv6 ---
    def ext6(self, nxt):
        """One extension header with next header nxt: (type, bytes)."""
        r = self.r
        k = r.random()
        if k < 0.4 or k >= 0.85:
            t = 0 if k < 0.4 else 60  # hop-by-hop / destination options
            x = r.random()
            if x < 0.4:
                opts = b"\x05\x02\x00\x00"  # router alert (MLD)
            elif x < 0.6:
                opts = b"\x01" + bytes([r.choice([2, 10, 18])])
                opts += bytes(opts[1])
            elif x < 0.8:
                opts = bytes([r.choice([0x1E, 0x3E, 0x7E, 0xBE, 0xFE]), 2, 0, 0])  # unknown options
            else:
                opts = self.rb(r.choice([6, 14, 30]))
            body = bytes([nxt, 0]) + opts
            body += b"\0" * ((8 - len(body) % 8) % 8)
            body = body[:1] + bytes([len(body) // 8 - 1]) + body[2:]
            self.note("ext-hbh" if t == 0 else "ext-dstopt")
            return t, body
        if k < 0.6:  # routing header type 0 or 2, segments left 0
            self.note("ext-routing")
            return 43, bytes([nxt, 2, r.choice([0, 2, 4]), 0, 0, 0, 0, 0]) + a6("2001:db8::9")
        # atomic fragment header
        self.note("ext-frag-atomic")
        return 44, struct.pack("!BBHI", nxt, 0, 0, r.randrange(1 << 32))

    def packets6(self, msg, src, dst, hlim):
        r = self.r
        exts = []
        nxt = PROTO
        if r.random() < 0.25:
            for _ in range(r.choice([1, 1, 2, 3])):
                t, b = self.ext6(nxt)
                exts.insert(0, b)
                nxt = t
        if r.random() < 0.15 or 40 + sum(map(len, exts)) + len(msg) > self.a.mtu:
            return self.frag6(msg, src, dst, hlim, exts, nxt)
        payload = b"".join(exts) + msg
        plen = len(payload)
        if r.random() < 0.04:
            plen = r.choice([0, 1, 7, plen - 1, plen + 1, 65535])
            self.note("ip6-plen")
        return [struct.pack("!IHBB16s16s", 0x60000000, plen & 0xFFFF, nxt, hlim, src, dst) + payload]

    def frag6(self, msg, src, dst, hlim, exts, nxt):
        r = self.r
        # the unfragmentable part (hop-by-hop) stays in front; keep it simple:
        # all extension headers go into the fragmentable part.
        frag_payload = b"".join(exts) + msg
        if r.random() < 0.2:
            frag_payload += self.rb(r.choice([2000, 20000, 65000, 66000]))
            self.note("frag6-big")
        maxchunk = max(8, (self.a.mtu - 48) // 8 * 8)
        chunk = min(r.choice([8, 16, 64, 512, maxchunk]), maxchunk)
        pieces = [(o, frag_payload[o:o + chunk]) for o in range(0, len(frag_payload), chunk)]
        if len(pieces) > 300:
            pieces = [(o, frag_payload[o:o + maxchunk]) for o in range(0, len(frag_payload), maxchunk)]
        ident = r.randrange(1 << 32)
        frames = [(o, d, 1 if i + 1 < len(pieces) else 0) for i, (o, d) in enumerate(pieces)]
        kind = r.random()
        if kind < 0.2:
            r.shuffle(frames)
            self.note("frag6-order")
        elif kind < 0.3 and len(frames) > 1:
            frames.pop(r.randrange(len(frames)))
            self.note("frag6-incomplete")
        elif kind < 0.4 and frames:
            o, d, m = r.choice(frames)
            frames.append((o, self.rb(len(d)), 1))
            self.note("frag6-overlap")
        else:
            self.note("frag6")
        out = []
        for o, d, m in frames:
            fh = struct.pack("!BBHI", nxt, 0, (min(o // 8, 0x1FFF) << 3) | m, ident)
            pl = fh + d
            out.append(struct.pack("!IHBB16s16s", 0x60000000, len(pl) & 0xFFFF, 44, hlim, src, dst) + pl)
        return out

    def valid(self, kind):
        """--only KIND: one valid advert (priority 254, so the receiver's
        instance takes it as its master's) for the first VRID of its family,
        its address list filled up to many addresses (IPv4 255, IPv6 64, or
        255 for jumbo6) so that it is large: sent as 2 fragments, the first
        of 8 bytes (frag4 / frag6), or as one frame over 4 KiB, a paged skb
        (jumbo6; jumbo4 pads the IPv4 advert past its 255 addresses, so that
        one is a length error)."""
        a = self.a
        fam = 6 if kind.endswith("6") else 4
        vrid = (a.vrid6 if fam == 6 else a.vrid4)[0]
        if fam == 6:
            addrs = [a6(v) for v in a.vip6]
            want = 255 if kind == "jumbo6" else 64
            addrs += [a6("2001:db8:ffff::%x" % i) for i in range(want - len(addrs))]
        else:
            addrs = [a4(v) for v in a.vip4]
            addrs += [bytes([10, 254, i >> 8, i & 255]) for i in range(1, 256 - len(addrs))]
        count = len(addrs)
        addrs = b"".join(addrs)
        if kind == "jumbo4":
            addrs += bytes(4000)
        hdr = struct.pack("!BBBBHH", 3 << 4 | 1, vrid, 254, count & 255, a.interval, 0)
        src, dst = (a6(a.src6), a6("ff02::12")) if fam == 6 else (a4(a.src4), a4("224.0.0.18"))
        msg = hdr + addrs
        ph = (pseudo6 if fam == 6 else pseudo4)(src, dst, len(msg))
        msg = msg[:6] + struct.pack("!H", csum16(ph + msg)) + msg[8:]
        dmac = mcast_mac("ff02::12" if fam == 6 else "224.0.0.18")
        et = ETH_P_IPV6 if fam == 6 else ETH_P_IP
        if kind == "frag4":
            self.ident = (self.ident + 1) & 0xFFFF
            cut = 8
            ips = [self.ip4hdr(src, dst, 255, cut, frag=0x2000) + msg[:cut],
                   self.ip4hdr(src, dst, 255, len(msg) - cut, frag=cut // 8) + msg[cut:]]
        elif kind == "frag6":
            ident = self.r.randrange(1 << 32)
            ips = []
            for off, data, mf in ((0, msg[:8], 1), (8, msg[8:], 0)):
                pl = struct.pack("!BBHI", PROTO, 0, (off // 8) << 3 | mf, ident) + data
                ips.append(struct.pack("!IHBB16s16s", 0x60000000, len(pl), 44, 255, src, dst) + pl)
        elif fam == 6:
            ips = [struct.pack("!IHBB16s16s", 0x60000000, len(msg), PROTO, 255, src, dst) + msg]
        else:
            ips = [self.ip4hdr(src, dst, 255, len(msg)) + msg]
        self.note(kind)
        return [dmac + self.smac + struct.pack("!H", et) + ip for ip in ips]

    def resign(self):
        """--resign: what a master that stops sends, for every VRID of the
        receiver: a valid advert at priority 255 with --interval (so that a
        backup that learnt a fuzzed Max Adver Int of up to 40.95 s from us
        learns a short one again), then one at priority 0 (so it takes over
        after Skew_Time, RFC 9568 6.4.2): to the group and to the receiver.
        Twice each: a frame lost to a full backlog after the flood must not
        leave a 2-minute down interval behind."""
        a = self.a
        out = []
        for fam, ver, vrids in ((4, 3, a.vrid4), (4, 2, a.vrid2), (6, 3, a.vrid6)):
            if fam == 6:
                addrs = b"".join(a6(v) for v in a.vip6)
                n = len(a.vip6)
                pairs = [(a6(a.src6), a6("ff02::12"), mcast_mac("ff02::12")),
                         (a6(a.src6), a6(a.dst6), a.dmac), (a6(a.gsrc6), a6(a.dst6), a.dmac)]
            else:
                addrs = b"".join(a4(v) for v in a.vip4)
                n = len(a.vip4)
                pairs = [(a4(a.src4), a4("224.0.0.18"), mcast_mac("224.0.0.18")),
                         (a4(a.src4), a4(a.dst4), a.dmac)]
            for prio in (255, 0):
                for vrid in vrids:
                    for src, dst, dmac in pairs:
                        if ver == 2:
                            auth = a.auth.encode()[:8].ljust(8, b"\0")
                            msg = struct.pack("!BBBBBBH", 2 << 4 | 1, vrid, prio, n,
                                              1 if a.auth else 0, a.interval2, 0) + addrs + auth
                            c = csum16(msg)
                        else:
                            msg = struct.pack("!BBBBHH", 3 << 4 | 1, vrid, prio, n, a.interval, 0) + addrs
                            c = csum16((pseudo6 if fam == 6 else pseudo4)(src, dst, len(msg)) + msg)
                        msg = msg[:6] + struct.pack("!H", c) + msg[8:]
                        if fam == 6:
                            ip = struct.pack("!IHBB16s16s", 0x60000000, len(msg), PROTO, 255, src, dst) + msg
                            et = ETH_P_IPV6
                        else:
                            self.ident = (self.ident + 1) & 0xFFFF
                            ip = self.ip4hdr(src, dst, 255, len(msg)) + msg
                            et = ETH_P_IP
                        out.append((prio, dmac + self.smac + struct.pack("!H", et) + ip))
        return out

    def frames(self):
        r, a = self.r, self.a
        if a.only:
            return self.valid(a.only)
        fam = 6 if a.vrid6 and r.random() < 0.4 else 4
        ver = 2 if fam == 4 and a.vrid2 and r.random() < 0.3 else 3
        src, dst, dmac = self.addrs(fam)
        msg = self.vrrp(fam, ver, src, dst)
        ttl = self.ttl()
        if fam == 6:
            ips, et = self.packets6(msg, src, dst, ttl), ETH_P_IPV6
        else:
            ips, et = self.packets4(msg, src, dst, ttl), ETH_P_IP
        out = []
        for ip in ips:
            if r.random() < 0.03:
                m = bytearray(ip)
                for _ in range(r.randrange(1, 6)):
                    m[r.randrange(len(m))] = r.randrange(256)
                ip = bytes(m)
                self.note("ip-byteflip")
            if r.random() < 0.02:
                ip = ip[:r.randrange(len(ip) + 1)]
                self.note("ip-trunc")
            out.append(dmac + self.smac + struct.pack("!H", et) + ip)
        self.note("v%d-ipv%d" % (ver, fam))
        return out


def main():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--dev", default="eth0")
    p.add_argument("--secs", type=float, default=30)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--dst-mac", required=True, help="the receiver's MAC (unicast adverts)")
    p.add_argument("--src4", required=True)
    p.add_argument("--dst4", required=True, help="the receiver's IPv4 address")
    p.add_argument("--peer4", default="10.0.0.2", help="a real peer's address (spoofed sometimes)")
    p.add_argument("--src6", default="fe80::200", help="our link-local address")
    p.add_argument("--gsrc6", default="2001:db8::200", help="our global address (unicast peer)")
    p.add_argument("--dst6", default="2001:db8::1")
    p.add_argument("--vrid4", default="", help="VRRPv3 IPv4 VRIDs of the receiver, comma-separated")
    p.add_argument("--vrid2", default="", help="VRRPv2 VRIDs")
    p.add_argument("--vrid6", default="", help="IPv6 VRIDs")
    p.add_argument("--vip4", default="10.0.0.50")
    p.add_argument("--vip6", default="fe80::12,2001:db8::12")
    p.add_argument("--interval", type=int, default=10, help="v3 interval, centiseconds")
    p.add_argument("--interval2", type=int, default=1, help="v2 interval, seconds")
    p.add_argument("--auth", default="", help="VRRPv2 PASS password")
    p.add_argument("--only", choices=["frag4", "frag6", "jumbo4", "jumbo6"],
                   help="no fuzzing: valid adverts of this kind only (reproductions)")
    p.add_argument("--count", type=int, default=0, help="stop after this many adverts")
    p.add_argument("--resign", action="store_true",
                   help="at the end, resign as master of every VRID (priority 255 then 0)")
    a = p.parse_args()
    ints = lambda s: [int(x) for x in s.split(",") if x]  # noqa: E731
    a.vrid4, a.vrid2, a.vrid6 = ints(a.vrid4), ints(a.vrid2), ints(a.vrid6)
    a.vip4 = [v for v in a.vip4.split(",") if v]
    a.vip6 = [v for v in a.vip6.split(",") if v]
    a.dmac = bytes.fromhex(a.dst_mac.replace(":", ""))
    with open("/sys/class/net/%s/mtu" % a.dev) as f:
        a.mtu = int(f.read())
    seed = a.seed if a.seed is not None else int.from_bytes(os.urandom(4), "little")
    r = random.Random(seed)
    fz = Fuzz(a, r)
    s = socket.socket(socket.AF_PACKET, socket.SOCK_RAW, 0)
    s.bind((a.dev, 0))
    s.setsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF, 4 << 20)
    fz.smac = s.getsockname()[4]
    print("pktfuzz: seed %d, %.0f s on %s (mtu %d), vrids v3/4 %s v2 %s v3/6 %s" %
          (seed, a.secs, a.dev, a.mtu, a.vrid4, a.vrid2, a.vrid6), flush=True)
    t0 = time.monotonic()
    sent = frames = errs = big = 0
    errk = collections.Counter()
    while time.monotonic() - t0 < a.secs and (not a.count or sent < a.count):
        sent += 1
        for fr in fz.frames():
            if len(fr) - 14 > a.mtu:
                continue  # the device would refuse it
            frames += 1
            if len(fr) > 4096:
                big += 1
            try:
                s.send(fr)
            except OSError as e:
                errs += 1
                errk[e.strerror] += 1
    dur = time.monotonic() - t0
    if a.resign:
        time.sleep(0.2)  # let the receivers drain the flood first
        frs = fz.resign()
        for want in (255, 0):
            for _ in range(2):
                for prio, fr in frs:
                    if prio == want:
                        s.send(fr)
                time.sleep(0.05)
        print("pktfuzz: resigned: %d adverts at priority 255, then 0, twice" % (len(frs) // 2), flush=True)
    print("pktfuzz: %d adverts in %d frames (%d over 4 KiB) in %.1f s: %.0f frames/s; send errors %d %s" %
          (sent, frames, big, dur, frames / dur, errs, dict(errk)))
    print("pktfuzz: kinds: " + ", ".join("%s %d" % kv for kv in sorted(fz.kinds.items())))
    print("pktfuzz: summary: seed %d, %d adverts, %d frames, %.1f s" % (seed, sent, frames, dur))
    return 0


if __name__ == "__main__":
    sys.exit(main())
