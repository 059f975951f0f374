#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Generic netlink fuzzer for vrrp.ko: random, boundary and mutated requests.

Speaks raw generic netlink (AF_NETLINK / NETLINK_GENERIC, python3 stdlib
only), resolves family "vrrp" and its "events" group through nlctrl, and
reads every command and attribute number from uapi/linux/vrrp.h, so it
follows the contract as it changes.

Each request starts as a valid-looking one built from the uapi (names from a
small pool so requests meet existing objects, ifindexes of real devices,
VRIDs, families, VIP / peer / track nests, sync groups, auth, vmac ...), then
gets none or some mutations: attributes dropped, duplicated, retyped, cut or
padded, flags (NLA_F_NESTED, byte order) set, nests filled with garbage,
huge element counts, boundary integers, random bytes, a broken attribute or
message header, NLM_F_DUMP, several requests in one datagram. Real lifecycle
runs between them: instances and trackers are created and deleted so state
exists, devices are flapped and deleted (--churn), and once a run the
per-netns limits are filled (--limits).

Every reply is checked for well-formed attributes. At the end everything is
deleted and the dumps must be empty. Exit status: 0 when the module answered
throughout, replies were well-formed and nothing was left; 1 otherwise.

    nlfuzz.py --secs 30 --seed 1 --mkdevs        (root of a netns; or in
                                                  unshare -Urn as a user)
    nlfuzz.py --secs 5 --expect-eperm            (no CAP_NET_ADMIN: every
                                                  mutation must fail EPERM)

--no-sync-move: never change the sync group of an existing instance (the
group is still given at creation). The environment variable
VRRP_ATTACK_SYNC_MOVE=0 sets it too.
"""

import argparse
import collections
import errno
import os
import random
import re
import select
import socket
import struct
import subprocess
import sys
import time

NETLINK_GENERIC = 16
SOL_NETLINK = 270
NETLINK_ADD_MEMBERSHIP = 1
NETLINK_EXT_ACK = 11
NLMSG_ERROR = 2
NLMSG_DONE = 3
NLM_F_REQUEST = 1
NLM_F_MULTI = 2
NLM_F_ACK = 4
NLM_F_DUMP = 0x300
NLM_F_DUMP_INTR = 0x10
NLM_F_CAPPED = 0x100
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
NLA_F_NESTED = 0x8000
NLA_F_NET_BYTEORDER = 0x4000
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID = 1
CTRL_ATTR_FAMILY_NAME = 2
CTRL_ATTR_MCAST_GROUPS = 7
CTRL_ATTR_MCAST_GRP_NAME = 1
CTRL_ATTR_MCAST_GRP_ID = 2
AF_INET = 2
AF_INET6 = 10
IP = "/sbin/ip" if os.path.exists("/sbin/ip") else "ip"

BOUND_U32 = [0, 1, 2, 99, 100, 254, 255, 256, 4095, 4096, 65535, 65536,
             0x7FFFFFFF, 0x80000000, 0xFFFFFFFE, 0xFFFFFFFF]
BOUND_S32 = [0, 1, -1, 254, 255, -254, -255, 0x7FFFFFFF, -0x80000000]


# --- uapi --------------------------------------------------------------------

def read_uapi(path):
    """Every enum entry and numeric #define of the header: {NAME: int}."""
    text = open(path).read()
    text = re.sub(r"/\*.*?\*/", "", text, flags=re.S)
    text = re.sub(r"//[^\n]*", "", text)
    c = {}
    for m in re.finditer(r"^#define[ \t]+(\w+)[ \t]+(.+)$", text, re.M):
        try:
            v = eval(m.group(2), {"__builtins__": {}}, dict(c))
            c[m.group(1)] = v if isinstance(v, str) else int(v)
        except Exception:
            pass
    for body in re.findall(r"enum\s*\w*\s*\{(.*?)\}", text, re.S):
        val = -1
        for ent in body.split(","):
            ent = ent.strip()
            if not ent:
                continue
            if "=" in ent:
                name, expr = (x.strip() for x in ent.split("=", 1))
                val = int(eval(expr, {"__builtins__": {}}, dict(c)))
            else:
                name = ent
                val += 1
            c[name] = val
    return c


class U:
    """uapi constants as attributes: U.VRRP_A_NAME etc."""


def load_uapi(path):
    for k, v in read_uapi(path).items():
        setattr(U, k, v)
    U.CMDS = {k: v for k, v in read_uapi(path).items()
              if k.startswith("VRRP_CMD_") and not k.startswith(("VRRP_CMD_MAX", "__"))}
    U.CMD_NAMES = {v: k[len("VRRP_CMD_"):].lower() for k, v in U.CMDS.items()}


# --- netlink -----------------------------------------------------------------

def nla(atype, payload):
    """One attribute; payload is bytes or a list of attributes (nest)."""
    if isinstance(payload, list):
        payload = b"".join(payload)
        atype |= NLA_F_NESTED
    ln = 4 + len(payload)
    # over 64 KiB the length wraps: one more broken attribute to send
    return struct.pack("=HH", ln & 0xFFFF, atype & 0xFFFF) + payload + b"\0" * ((4 - ln % 4) % 4)


def parse_attrs(data, raw_type=False):
    """[(type, payload)], raising ValueError on a malformed attribute."""
    out = []
    off = 0
    while off + 4 <= len(data):
        ln, at = struct.unpack_from("=HH", data, off)
        if ln < 4 or off + ln > len(data):
            raise ValueError("attribute length %d at %d of %d" % (ln, off, len(data)))
        out.append((at if raw_type else at & 0x3FFF, data[off + 4:off + ln]))
        off += (ln + 3) & ~3
    if off < len(data):
        raise ValueError("%d trailing bytes" % (len(data) - off))
    return out


def check_tree(data):
    """Every attribute, and every nest (NLA_F_NESTED) in it, well-formed."""
    for at, pl in parse_attrs(data, raw_type=True):
        if at & NLA_F_NESTED:
            check_tree(pl)


class Netlink:
    def __init__(self, timeout):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4 << 20)
        try:
            self.s.setsockopt(SOL_NETLINK, NETLINK_EXT_ACK, 1)
        except OSError:
            pass
        self.s.bind((0, 0))
        self.pid = self.s.getsockname()[0]
        self.seq = int(time.time()) & 0xFFFF
        self.timeout = timeout
        self.malformed = []
        self.intr = 0
        self.extack = ""

    def send_raw(self, data):
        try:
            self.s.send(data)
        except OSError as e:
            return e.errno
        return 0

    def msg(self, mtype, cmd, attrs, flags=NLM_F_REQUEST | NLM_F_ACK, version=1, seq=None):
        self.seq = (self.seq + 1) & 0xFFFFFFFF
        body = struct.pack("=BBH", cmd, version, 0) + attrs
        return struct.pack("=IHHII", 16 + len(body), mtype, flags,
                           self.seq if seq is None else seq, self.pid) + body

    def recv_until(self, seq, timeout=None):
        """Read replies until the ack / done / error of seq.
        Returns (errno or None for no answer, [(cmd, attrs bytes)])."""
        deadline = time.monotonic() + (self.timeout if timeout is None else timeout)
        msgs = []
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                return None, msgs
            r, _, _ = select.select([self.s], [], [], left)
            if not r:
                return None, msgs
            try:
                data = self.s.recv(1 << 20)
            except OSError as e:
                if e.errno == errno.ENOBUFS:
                    continue
                raise
            off = 0
            while off + 16 <= len(data):
                ln, mt, fl, sq, _pid = struct.unpack_from("=IHHII", data, off)
                if ln < 16 or off + ln > len(data):
                    self.malformed.append("nlmsg length %d" % ln)
                    break
                pl = data[off + 16:off + ln]
                off += (ln + 3) & ~3
                if sq != seq:
                    continue
                if fl & NLM_F_DUMP_INTR:
                    self.intr += 1
                if mt == NLMSG_ERROR:
                    self.extack = self.extack_msg(pl, fl)
                    return -struct.unpack_from("=i", pl, 0)[0], msgs
                if mt == NLMSG_DONE:
                    err = struct.unpack_from("=i", pl, 0)[0] if len(pl) >= 4 else 0
                    return -err, msgs
                if len(pl) < 4:
                    self.malformed.append("genl message of %d bytes" % len(pl))
                    continue
                try:
                    check_tree(pl[4:])
                except ValueError as e:
                    self.malformed.append("reply cmd %d: %s" % (pl[0], e))
                msgs.append((pl[0], pl[4:]))

    @staticmethod
    def extack_msg(pl, flags):
        """The extack message of an NLMSG_ERROR payload, or ""."""
        if not flags & NLM_F_ACK_TLVS or len(pl) < 20:
            return ""
        off = 4 + 16
        if not flags & NLM_F_CAPPED:
            off = 4 + struct.unpack_from("=I", pl, 4)[0]
        try:
            for at, val in parse_attrs(pl[(off + 3) & ~3:]):
                if at == NLMSGERR_ATTR_MSG:
                    return val.rstrip(b"\0").decode(errors="replace")
        except ValueError:
            pass
        return ""

    def request(self, mtype, cmd, attrs, flags=NLM_F_REQUEST | NLM_F_ACK, timeout=None):
        self.extack = ""
        data = self.msg(mtype, cmd, attrs, flags)
        seq = self.seq
        e = self.send_raw(data)
        if e:
            return e, []
        return self.recv_until(seq, timeout)


def resolve(nl, name):
    err, msgs = nl.request(GENL_ID_CTRL, CTRL_CMD_GETFAMILY,
                           nla(CTRL_ATTR_FAMILY_NAME, name.encode() + b"\0"))
    if err or not msgs:
        return None, {}
    fid, groups = None, {}
    for at, pl in parse_attrs(msgs[0][1]):
        if at == CTRL_ATTR_FAMILY_ID:
            fid = struct.unpack("=H", pl[:2])[0]
        elif at == CTRL_ATTR_MCAST_GROUPS:
            for _i, g in parse_attrs(pl):
                d = dict(parse_attrs(g))
                groups[d[CTRL_ATTR_MCAST_GRP_NAME].rstrip(b"\0").decode()] = \
                    struct.unpack("=I", d[CTRL_ATTR_MCAST_GRP_ID])[0]
    return fid, groups


# --- request generators ------------------------------------------------------

def u8(v): return struct.pack("=B", v & 0xFF)
def u16(v): return struct.pack("=H", v & 0xFFFF)
def u32(v): return struct.pack("=I", v & 0xFFFFFFFF)
def s32(v): return struct.pack("=i", v)
def sz(s): return s.encode("latin-1") + b"\0"


class Gen:
    def __init__(self, rnd, devs, args):
        self.r = rnd
        self.devs = devs          # [(ifindex, name)], not lo
        self.eth = eth_devices()  # the Ethernet ones
        self.args = args
        self.inames = ["fz%d" % i for i in range(10)]
        self.tnames = ["tk%d" % i for i in range(6)]
        self.groups = ["g%d" % i for i in range(4)]

    # values
    def name(self, pool):
        r = self.r
        x = r.random()
        if x < 0.9:
            return sz(r.choice(pool))
        return r.choice([b"", b"\0", sz("a" * 31), sz("b" * 32), sz("c" * 200),
                         b"noterm", sz("sp ace"), sz("\x01\x7f\xff"), sz("x\ty"),
                         b"fz0\0junk", bytes(r.randrange(256) for _ in range(r.randrange(1, 40)))])

    def ifindex(self):
        r = self.r
        if self.devs and r.random() < 0.9:
            return u32(r.choice(self.devs)[0])
        return u32(r.choice([0, 1, 0xFFFFFFFF, 0x7FFFFFFF, r.randrange(2, 1 << 16)]))

    def addr4(self):
        r = self.r
        x = r.random()
        if x < 0.85:
            return bytes([10, 77, r.randrange(4), r.randrange(1, 255)])
        return r.choice([bytes(4), b"\xff" * 4, bytes([224, 0, 0, 18]), bytes([127, 0, 0, 1]),
                         bytes([10, 66, 0, 1]), bytes([169, 254, 1, 1]), bytes([0, 0, 0, 1]),
                         bytes([240, 0, 0, 1]), bytes([10, 77, 0, 255])])

    def addr6(self, first=False):
        r = self.r
        x = r.random()
        if x < 0.85:
            if first:
                return b"\xfe\x80" + bytes(12) + u16(r.randrange(1, 64))
            return b"\xfd\x77" + bytes(10) + bytes([0, 0, r.randrange(4), r.randrange(1, 255)])
        return r.choice([bytes(16), bytes(15) + b"\1", b"\xff\x02" + bytes(13) + b"\x12",
                         bytes(10) + b"\xff\xff\x0a\x00\x00\x01", b"\xff" * 16,
                         b"\xfe\x80" + bytes(14), b"\xfd\x66" + bytes(13) + b"\1"])

    def addr(self, fam, first=False):
        return self.addr6(first) if fam == AF_INET6 else self.addr4()

    def count(self, small, big):
        r = self.r
        x = r.random()
        if x < 0.85:
            return r.randrange(small + 1)
        if x < 0.95:
            return r.choice([0, 1, big - 1, big, big + 1])
        return r.randrange(big * 2 + 2)

    def vips(self, fam):
        r = self.r
        n = self.count(4, U.VRRP_VIP_MAX)
        out = []
        for i in range(n):
            e = [nla(U.VRRP_VIP_A_ADDR, self.addr(fam, i == 0))]
            if r.random() < 0.5:
                e.append(nla(U.VRRP_VIP_A_PREFIXLEN, u8(r.choice(
                    [0, 1, 8, 16, 24, 31, 32, 33, 64, 127, 128, 129, 255]))))
            if r.random() < 0.03:
                e.append(nla(U.VRRP_VIP_A_INSTALLED, b""))
            out.append(nla(U.VRRP_A_VIP, e))
        return out

    def peers(self, fam):
        r = self.r
        out = []
        for _ in range(self.count(3, U.VRRP_PEER_MAX)):
            e = [nla(U.VRRP_PEER_A_ADDR, self.addr(fam))]
            if r.random() < 0.4:
                e.append(nla(U.VRRP_PEER_A_MIN_TTL, u8(r.choice([0, 1, 64, 254, 255]))))
            if r.random() < 0.4:
                e.append(nla(U.VRRP_PEER_A_MAX_TTL, u8(r.choice([0, 1, 64, 254, 255]))))
            out.append(nla(U.VRRP_A_PEER, e))
        return out

    def tracks(self):
        r = self.r
        out = []
        for _ in range(self.count(3, U.VRRP_TRACK_MAX)):
            e = []
            if r.random() < 0.6:
                e.append(nla(U.VRRP_TRACK_A_TRACKER, self.name(self.tnames)))
            else:
                e.append(nla(U.VRRP_TRACK_A_IFINDEX, self.ifindex()))
            if r.random() < 0.05:
                e.append(nla(U.VRRP_TRACK_A_IFINDEX, self.ifindex()))
            if r.random() < 0.6:
                e.append(nla(U.VRRP_TRACK_A_WEIGHT, s32(
                    r.choice(BOUND_S32) if r.random() < 0.2 else r.randrange(-254, 255))))
            if r.random() < 0.3:
                e.append(nla(U.VRRP_TRACK_A_REVERSE, b""))
            if r.random() < 0.01:  # output only
                e.append(nla(U.VRRP_TRACK_A_STATE, u8(r.choice([0, 1, 2]))))
            out.append(nla(U.VRRP_A_TRACK, e))
        return out

    def instance(self, cmd, fam=None):
        """Attributes of an INSTANCE_NEW / SET request, as [(type, bytes)]."""
        r = self.r
        a = [(U.VRRP_A_NAME, self.name(self.inames))]
        if fam is None:
            fam = AF_INET6 if r.random() < 0.35 else AF_INET
        ver = 2 if fam == AF_INET and r.random() < 0.25 else 3
        new = cmd == U.VRRP_CMD_INSTANCE_NEW
        if new:
            a.append((U.VRRP_A_IFINDEX, self.ifindex()))
            a.append((U.VRRP_A_VRID, u8(r.choice([1, 2, 3, 4, 5, 255]) if r.random() < 0.7
                                        else r.randrange(256))))
            if fam == AF_INET6 or r.random() < 0.3:
                a.append((U.VRRP_A_FAMILY, u8(fam)))
            if ver == 2 or r.random() < 0.3:
                a.append((U.VRRP_A_VERSION, u8(ver)))
        p = 0.95 if new else 0.4
        if r.random() < p:
            a.append((U.VRRP_A_VIPS, self.vips(fam)))

        def maybe(prob, at, val):
            if r.random() < prob:
                a.append((at, val))
        maybe(0.5, U.VRRP_A_PRIORITY, u8(r.choice([1, 50, 100, 150, 200, 254, 255, 0])))
        adv = r.choice([1, 2, 5, 10, 100, 4095, 4096, 0, 65535]) if ver == 3 \
            else r.choice([100, 200, 25500, 25600, 150, 0])
        maybe(0.5, U.VRRP_A_ADVERT_INTERVAL, u16(adv))
        maybe(0.2, U.VRRP_A_PREEMPT, u8(r.choice([0, 1, 2])))
        maybe(0.2, U.VRRP_A_PREEMPT_DELAY, u32(r.choice([0, 100, 1000, 3600000, 3600001, 0xFFFFFFFF])))
        maybe(0.3, U.VRRP_A_ACCEPT, u8(r.choice([0, 1, 2])))
        maybe(0.1, U.VRRP_A_GROUP, r.choice([
            bytes([224, 0, 0, 18]), bytes([239, 1, 2, 3]), bytes([10, 0, 0, 1]),
            b"\xff\x02" + bytes(13) + b"\x12", b"\xff\x05" + bytes(13) + b"\x01", bytes(16)]))
        maybe(0.2, U.VRRP_A_CSUM_MODE, u8(r.choice([0, 1, 2])))
        maybe(0.2, U.VRRP_A_GARP_COUNT, u32(r.choice([0, 1, 5, 100, 101] + BOUND_U32)))
        maybe(0.2, U.VRRP_A_GARP_INTERVAL, u32(r.choice([0, 1, 10, 1000] + BOUND_U32)))
        maybe(0.2, U.VRRP_A_GARP_REFRESH, u32(r.choice([0, 50, 5000] + BOUND_U32)))
        maybe(0.2, U.VRRP_A_GARP_PERIOD, u32(r.choice([0, 999, 1000, 86400000, 86400001] + BOUND_U32)))
        maybe(0.2, U.VRRP_A_GARP_PERIOD_COUNT, u32(r.choice([0, 1, 2, 100, 101] + BOUND_U32)))
        maybe(0.25, U.VRRP_A_TRACKS, self.tracks())
        maybe(0.2, U.VRRP_A_FAST_PREEMPT, u8(r.choice([0, 1])))
        if new or not self.args.no_sync_move:
            maybe(0.25, U.VRRP_A_SYNC_GROUP, r.choice([sz(""), self.name(self.groups)]))
        if ver == 2 or r.random() < 0.05:
            maybe(0.5, U.VRRP_A_AUTH_TYPE, u8(r.choice([0, 1, 1, 2])))
            maybe(0.5, U.VRRP_A_AUTH_DATA, r.choice([b"secret", b"12345678", b"", b"\0" * 8, b"123456789"]))
        if r.random() < 0.2:
            a.append((U.VRRP_A_UNICAST_SRC, r.choice([b"", self.addr(fam), self.addr(AF_INET6 + AF_INET - fam)])))
        if r.random() < 0.25:
            a.append((U.VRRP_A_UNICAST_PEERS, self.peers(fam)))
        maybe(0.1, U.VRRP_A_UNICAST_TTL, u8(r.choice([0, 1, 64, 255])))
        maybe(0.25, U.VRRP_A_VMAC, u8(r.choice([0, 1, 1, 2])))
        if r.random() < 0.02:  # output-only attributes in a request
            a.append((r.choice([U.VRRP_A_STATE, U.VRRP_A_EFFECTIVE_PRIORITY, U.VRRP_A_IFNAME,
                                U.VRRP_A_STATS, U.VRRP_A_VIP_FIRST, U.VRRP_A_FAULT,
                                U.VRRP_A_MASTER_ADDR, U.VRRP_A_TIMESTAMP]), u32(r.randrange(1 << 32))))
        return a

    def valid_instance(self):
        """A NEW request that should succeed while its name and VRID are
        free: short adverts, so it goes master, installs its VIPs and talks."""
        r = self.r
        fam = AF_INET6 if r.random() < 0.3 else AF_INET
        ver = 2 if fam == AF_INET and r.random() < 0.2 else 3
        def vip(i):
            if fam == AF_INET:
                return bytes([10, 77, r.randrange(4), r.randrange(1, 255)])
            pre = b"\xfe\x80" if i == 0 else b"\xfd\x77"
            return pre + bytes(12) + u16(r.randrange(1, 999))
        vips = [nla(U.VRRP_A_VIP, [nla(U.VRRP_VIP_A_ADDR, vip(i))]) for i in range(r.randrange(1, 4))]
        devs = self.eth or self.devs
        a = [(U.VRRP_A_NAME, sz(r.choice(self.inames))),
             (U.VRRP_A_IFINDEX, u32(r.choice(devs)[0]) if devs else u32(1)),
             (U.VRRP_A_VRID, u8(r.randrange(1, 6))), (U.VRRP_A_FAMILY, u8(fam)),
             (U.VRRP_A_VERSION, u8(ver)), (U.VRRP_A_VIPS, vips),
             (U.VRRP_A_ADVERT_INTERVAL, u16(100 if ver == 2 else r.choice([5, 10, 20, 50]))),
             (U.VRRP_A_PRIORITY, u8(r.randrange(1, 256)))]
        if ver == 2 and r.random() < 0.5:
            a += [(U.VRRP_A_AUTH_TYPE, u8(1)), (U.VRRP_A_AUTH_DATA, b"secret")]
        if r.random() < 0.3:
            a.append((U.VRRP_A_VMAC, u8(1)))
        if r.random() < 0.3:
            a.append((U.VRRP_A_ACCEPT, u8(r.randrange(2))))
        if r.random() < 0.2:
            # a unicast address (addr() draws boundary ones too)
            peer = bytes([10, 77, r.randrange(4), r.randrange(1, 255)]) if fam == AF_INET else \
                b"\xfd\x77" + bytes(12) + u16(r.randrange(1, 999))
            a.append((U.VRRP_A_UNICAST_PEERS, [nla(U.VRRP_A_PEER, [nla(U.VRRP_PEER_A_ADDR, peer)])]))
        if r.random() < 0.3:
            a.append((U.VRRP_A_SYNC_GROUP, sz(r.choice(self.groups))))
        if r.random() < 0.2:
            a.append((U.VRRP_A_TRACKS, [nla(U.VRRP_A_TRACK, [nla(U.VRRP_TRACK_A_TRACKER, sz(r.choice(self.tnames))),
                                                             nla(U.VRRP_TRACK_A_WEIGHT, s32(-10))])]))
        return a

    def tracker(self, cmd):
        r = self.r
        a = [(U.VRRP_TRK_A_NAME, self.name(self.tnames))]
        if cmd in (U.VRRP_CMD_TRACKER_NEW, U.VRRP_CMD_TRACKER_SET):
            if r.random() < 0.5:
                a.append((U.VRRP_TRK_A_WEIGHT, s32(r.choice(BOUND_S32) if r.random() < 0.3
                                                   else r.randrange(-254, 255))))
            if r.random() < 0.4:
                a.append((U.VRRP_TRK_A_FALL, u32(r.choice([1, 2, 3, 255] + BOUND_U32))))
            if r.random() < 0.4:
                a.append((U.VRRP_TRK_A_RISE, u32(r.choice([1, 2, 3, 255] + BOUND_U32))))
            if r.random() < 0.4:
                a.append((U.VRRP_TRK_A_TIMEOUT, u32(r.choice([0, 1, 10, 50, 200, 1000] + BOUND_U32))))
            if r.random() < 0.2:  # initial state: NEW only, 0..2
                a.append((U.VRRP_TRK_A_INIT, u8(r.choice([0, 1, 2, 2, 3, 255]))))
        if cmd == U.VRRP_CMD_TRACKER_REPORT:
            x = r.random()
            if x < 0.45 or x > 0.97:
                a.append((U.VRRP_TRK_A_RESULT, u8(r.choice([0, 1, 1, 2]))))
            if x >= 0.45:
                a.append((U.VRRP_TRK_A_VALUE, s32(r.choice(BOUND_S32) if r.random() < 0.3
                                                  else r.randrange(-254, 255))))
        if r.random() < 0.02:
            a.append((r.choice([U.VRRP_TRK_A_OK, U.VRRP_TRK_A_STALE, U.VRRP_TRK_A_AGE,
                                U.VRRP_TRK_A_USERS, U.VRRP_TRK_A_REPORTS_OK,
                                U.VRRP_TRK_A_TIMESTAMP, U.VRRP_TRK_A_STATE]), u32(r.randrange(1 << 32))))
        return a

    def request(self, cmd):
        r = self.r
        if cmd in (U.VRRP_CMD_INSTANCE_NEW, U.VRRP_CMD_INSTANCE_SET):
            return self.instance(cmd)
        if cmd in (U.VRRP_CMD_INSTANCE_DEL, U.VRRP_CMD_INSTANCE_GET):
            return [(U.VRRP_A_NAME, self.name(self.inames))] if r.random() < 0.95 else []
        if cmd == U.VRRP_CMD_STATS_GET:
            return [(U.VRRP_A_NAME, self.name(self.inames))] if r.random() < 0.5 else []
        if U.VRRP_CMD_TRACKER_NEW <= cmd <= U.VRRP_CMD_TRACKER_REPORT:
            return self.tracker(cmd)
        # events, UNSPEC, unknown: anything
        return self.instance(U.VRRP_CMD_INSTANCE_NEW) if r.random() < 0.5 else self.tracker(U.VRRP_CMD_TRACKER_NEW)


# --- mutations -----------------------------------------------------------------

def serialize(attrs):
    out = b""
    for at, pl in attrs:
        out += nla(at, pl)
    return out


class Mutator:
    def __init__(self, rnd):
        self.r = rnd

    def rbytes(self, n):
        return bytes(self.r.randrange(256) for _ in range(n))

    def garbage_nest(self):
        r = self.r
        out = []
        for _ in range(r.randrange(1, 8)):
            at = r.randrange(0, 12)
            if r.random() < 0.3:
                out.append(nla(at, self.garbage_nest() if r.random() < 0.3 else [self.rbytes(r.randrange(0, 20))]))
            else:
                out.append(nla(at, self.rbytes(r.randrange(0, 24))))
        return out

    def attrs(self, attrs, maxtype):
        """Mutate the attribute list; returns (attrs, names of mutations)."""
        r = self.r
        done = []
        for _ in range(r.choice([1, 1, 1, 2, 3])):
            m = r.randrange(13)
            if not attrs and m < 10:
                m = 10
            i = r.randrange(len(attrs)) if attrs else 0
            if m == 0:
                del attrs[i]
                done.append("drop")
            elif m == 1:
                attrs.insert(r.randrange(len(attrs) + 1), attrs[i])
                done.append("dup")
            elif m == 2:
                at, pl = attrs[i]
                attrs[i] = (r.randrange(maxtype + 3), pl)
                done.append("retype")
            elif m == 3:
                at, pl = attrs[i]
                if isinstance(pl, list):
                    pl = b"".join(pl)
                attrs[i] = (at, pl[:r.randrange(len(pl) + 1)])
                done.append("cut")
            elif m == 4:
                at, pl = attrs[i]
                if isinstance(pl, list):
                    pl = b"".join(pl)
                attrs[i] = (at, pl + self.rbytes(r.choice([1, 2, 3, 4, 8, 100])))
                done.append("pad")
            elif m == 5:
                at, pl = attrs[i]
                attrs[i] = (at | r.choice([NLA_F_NESTED, NLA_F_NET_BYTEORDER]),
                            pl if not isinstance(pl, list) else b"".join(pl))
                done.append("flag")
            elif m == 6:
                at, pl = attrs[i]
                attrs[i] = (at, self.garbage_nest())
                done.append("garbage-nest")
            elif m == 7:
                at, pl = attrs[i]
                if isinstance(pl, list) and pl:
                    j = r.randrange(len(pl))
                    e = bytearray(pl[j])
                    if len(e) > 4:
                        k = r.randrange(4, len(e))
                        e[k] ^= 1 << r.randrange(8)
                    pl = pl[:j] + [bytes(e)] + pl[j:] * r.choice([0, 0, 1])
                    attrs[i] = (at, pl)
                    done.append("nest-flip")
            elif m == 8:
                at, pl = attrs[i]
                if not isinstance(pl, list):
                    n = len(pl)
                    if n == 1:
                        pl = u8(r.choice([0, 1, 2, 3, 10, 127, 128, 254, 255]))
                    elif n == 2:
                        pl = u16(r.choice([0, 1, 255, 256, 4095, 4096, 65535]))
                    elif n == 4:
                        pl = u32(r.choice(BOUND_U32))
                    attrs[i] = (at, pl)
                    done.append("boundary")
            elif m == 9:
                at, pl = attrs[i]
                attrs[i] = (at, self.rbytes(r.randrange(0, 64)))
                done.append("random")
            elif m == 10:
                attrs.append((r.randrange(maxtype + 3), self.rbytes(r.choice([0, 1, 2, 4, 8, 16]))))
                done.append("extra")
            elif m == 11:
                if attrs:
                    at, pl = attrs[i]
                    if isinstance(pl, list) and pl:
                        attrs[i] = (at, pl * r.choice([2, 10, 100]))
                        done.append("multiply")
            else:
                r.shuffle(attrs)
                done.append("shuffle")
        return attrs, done

    def raw(self, data):
        """Mutate serialized attributes: headers, lengths, bit flips."""
        r = self.r
        data = bytearray(data)
        m = r.randrange(5)
        if m == 0 and len(data) >= 4:
            off = r.randrange(0, len(data) - 3) & ~3
            struct.pack_into("=H", data, off, r.choice([0, 1, 3, 4, 5, 0xFFFF, len(data) + 4]))
            return bytes(data), "nla-len"
        if m == 1 and data:
            for _ in range(r.randrange(1, 6)):
                data[r.randrange(len(data))] ^= 1 << r.randrange(8)
            return bytes(data), "bitflip"
        if m == 2:
            return bytes(data[:r.randrange(len(data) + 1)]), "truncate"
        if m == 3:
            return bytes(data) + self.rbytes(r.randrange(1, 7)), "trailing"
        return self.rbytes(r.randrange(0, 200)), "random-attrs"


# --- the run -------------------------------------------------------------------

def run(cmd, quiet=True):
    return subprocess.run(cmd, stdout=subprocess.DEVNULL,
                          stderr=subprocess.DEVNULL if quiet else None).returncode


def make_devices():
    """Devices in the current netns: dummies, a veth pair, a bridge, lo up."""
    cmds = [
        [IP, "link", "set", "lo", "up"],
        [IP, "link", "add", "fzd0", "type", "dummy"],
        [IP, "link", "add", "fzd1", "type", "dummy"],
        [IP, "link", "add", "fzv0", "type", "veth", "peer", "name", "fzv1"],
        [IP, "link", "add", "fzbr", "type", "bridge"],
        [IP, "link", "set", "fzv1", "master", "fzbr"],
        [IP, "link", "add", "fzmv", "link", "fzd1", "type", "macvlan"],
    ]
    for c in cmds:
        run(c, quiet=False)
    for i, d in enumerate(["fzd0", "fzd1", "fzv0", "fzv1", "fzbr", "fzmv"]):
        run([IP, "addr", "add", "10.66.%d.1/24" % i, "dev", d])
        run([IP, "addr", "add", "fd66:%d::1/64" % i, "dev", d, "nodad"])
        run([IP, "link", "set", d, "up"])


def devices():
    return [(i, n) for i, n in socket.if_nameindex() if n != "lo"]


def eth_devices():
    """Ethernet devices of this netns (sysfs may show another netns's)."""
    out = subprocess.run([IP, "-o", "link", "show"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, universal_newlines=True).stdout
    names = set(re.findall(r"^\d+: ([^:@]+)[@:].* link/ether ", out, re.M))
    return [(i, n) for i, n in devices() if n in names]


def dump_names(nl, fid, cmd, name_attr):
    err, msgs = nl.request(fid, cmd, b"", NLM_F_REQUEST | NLM_F_DUMP, timeout=10)
    names = []
    for _c, a in msgs:
        try:
            for at, pl in parse_attrs(a):
                if at == name_attr:
                    names.append(pl.rstrip(b"\0").decode("latin-1"))
        except ValueError:
            pass
    return err, sorted(set(names))


def delete_all(nl, fid):
    for n in dump_names(nl, fid, U.VRRP_CMD_INSTANCE_GET, U.VRRP_A_NAME)[1]:
        nl.request(fid, U.VRRP_CMD_INSTANCE_DEL, nla(U.VRRP_A_NAME, sz(n)))
    for n in dump_names(nl, fid, U.VRRP_CMD_TRACKER_GET, U.VRRP_TRK_A_NAME)[1]:
        nl.request(fid, U.VRRP_CMD_TRACKER_DEL, nla(U.VRRP_TRK_A_NAME, sz(n)))


def fill_limits(nl, fid, devs, log, budget):
    """Instances up to the per-netns limits, then gone again; creation stops
    after budget seconds."""
    if not devs:
        return
    ifi = u32(devs[0][0])
    res = collections.Counter()
    t0 = time.monotonic()
    # a VRID is unique per device and family: 510 instances per device
    for i in range(U.VRRP_NETNS_INSTANCE_MAX + 5):
        dev = devs[(i // 510) % len(devs)][0]
        v6 = (i // 255) % 2
        vip = b"\xfe\x80" + bytes(12) + u16(i) if v6 else bytes([10, 88, i >> 8, i & 255])
        a = (nla(U.VRRP_A_NAME, sz("lim%d" % i)) + nla(U.VRRP_A_IFINDEX, u32(dev)) +
             nla(U.VRRP_A_VRID, u8(1 + i % 255)) + nla(U.VRRP_A_FAMILY, u8(AF_INET6 if v6 else AF_INET)) +
             nla(U.VRRP_A_ADVERT_INTERVAL, u16(U.VRRP_MAX_ADVERT_CS)) +
             nla(U.VRRP_A_VIPS, [nla(U.VRRP_A_VIP, [nla(U.VRRP_VIP_A_ADDR, vip)])]))
        e, _ = nl.request(fid, U.VRRP_CMD_INSTANCE_NEW, a)
        res[errno.errorcode.get(e, str(e)) if e else "ok"] += 1
        if time.monotonic() - t0 > budget:
            break
    log("limits: %d instance creations in %.1f s: %s" % (sum(res.values()), time.monotonic() - t0, dict(res)))
    for i in range(sum(res.values())):
        nl.request(fid, U.VRRP_CMD_INSTANCE_DEL, nla(U.VRRP_A_NAME, sz("lim%d" % i)))
    # VIPs: instances of VRRP_VIP_MAX addresses until the netns VIP limit
    res = collections.Counter()
    for i in range(U.VRRP_NETNS_VIP_MAX // U.VRRP_VIP_MAX + 2):
        vips = [nla(U.VRRP_A_VIP, [nla(U.VRRP_VIP_A_ADDR, bytes([10, 100 + i, j >> 8, j & 255]))])
                for j in range(U.VRRP_VIP_MAX)]
        a = (nla(U.VRRP_A_NAME, sz("limv%d" % i)) + nla(U.VRRP_A_IFINDEX, ifi) +
             nla(U.VRRP_A_VRID, u8(100 + i)) + nla(U.VRRP_A_ADVERT_INTERVAL, u16(U.VRRP_MAX_ADVERT_CS)) +
             nla(U.VRRP_A_VIPS, vips))
        e, _ = nl.request(fid, U.VRRP_CMD_INSTANCE_NEW, a)
        res[errno.errorcode.get(e, str(e)) if e else "ok"] += 1
    err, names = dump_names(nl, fid, U.VRRP_CMD_INSTANCE_GET, U.VRRP_A_NAME)
    log("limits: VIP instances of %d VIPs: %s; dump of %d instances: err %s" %
        (U.VRRP_VIP_MAX, dict(res), len(names), err))
    for i in range(U.VRRP_NETNS_VIP_MAX // U.VRRP_VIP_MAX + 2):
        nl.request(fid, U.VRRP_CMD_INSTANCE_DEL, nla(U.VRRP_A_NAME, sz("limv%d" % i)))
    res = collections.Counter()
    for i in range(U.VRRP_TRACKER_MAX + 3):
        e, _ = nl.request(fid, U.VRRP_CMD_TRACKER_NEW, nla(U.VRRP_TRK_A_NAME, sz("limt%d" % i)))
        res[errno.errorcode.get(e, str(e)) if e else "ok"] += 1
    log("limits: tracker creations: %s" % dict(res))
    for i in range(U.VRRP_TRACKER_MAX + 3):
        nl.request(fid, U.VRRP_CMD_TRACKER_DEL, nla(U.VRRP_TRK_A_NAME, sz("limt%d" % i)))


MUTATING = set()


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    p.add_argument("--uapi", default=os.path.join(here, "..", "..", "uapi", "linux", "vrrp.h"))
    p.add_argument("--secs", type=float, default=30)
    p.add_argument("--max-requests", type=int, default=0)
    p.add_argument("--seed", type=int, default=None)
    p.add_argument("--mkdevs", action="store_true", help="create dummy/veth/bridge/macvlan devices first")
    p.add_argument("--churn", action="store_true", help="flap and delete/recreate devices while fuzzing")
    p.add_argument("--limits", action="store_true", help="fill the per-netns limits once")
    p.add_argument("--expect-eperm", action="store_true",
                   help="no CAP_NET_ADMIN here: every mutation must fail with EPERM")
    p.add_argument("--no-sync-move", action="store_true",
                   default=os.environ.get("VRRP_ATTACK_SYNC_MOVE", "1") == "0")
    p.add_argument("--no-cleanup", action="store_true",
                   help="leave what exists at the end (another fuzzer runs in this netns)")
    p.add_argument("--leave", type=int, default=0,
                   help="after the final check, create this many instances and leave them")
    p.add_argument("--tag", default="nlfuzz")
    a = p.parse_args()
    load_uapi(a.uapi)
    seed = a.seed if a.seed is not None else int.from_bytes(os.urandom(4), "little")
    rnd = random.Random(seed)

    def log(msg):
        print("%s: %s" % (a.tag, msg), flush=True)

    log("seed %d, %.0f s, uid %d, sync-group moves %s" %
        (seed, a.secs, os.getuid(), "off" if a.no_sync_move else "on"))
    if a.mkdevs:
        make_devices()
    devs = devices()
    log("devices: %s" % " ".join("%s(%d)" % (n, i) for i, n in devs))

    nl = Netlink(timeout=5)
    fid, groups = resolve(nl, U.VRRP_GENL_NAME)
    if fid is None:
        log("FAIL: family %s not found" % U.VRRP_GENL_NAME)
        return 1
    log("family %s id %d, groups %s" % (U.VRRP_GENL_NAME, fid, groups))
    ev = Netlink(timeout=0)
    nevents = 0
    if "events" in groups:
        ev.s.setsockopt(SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, groups["events"])

    MUTATING.update([U.VRRP_CMD_INSTANCE_NEW, U.VRRP_CMD_INSTANCE_SET, U.VRRP_CMD_INSTANCE_DEL,
                     U.VRRP_CMD_TRACKER_NEW, U.VRRP_CMD_TRACKER_SET, U.VRRP_CMD_TRACKER_DEL,
                     U.VRRP_CMD_TRACKER_REPORT])
    gen = Gen(rnd, devs, a)
    mut = Mutator(rnd)
    cmds = sorted(U.CMD_NAMES)
    weights = {U.VRRP_CMD_INSTANCE_NEW: 10, U.VRRP_CMD_INSTANCE_SET: 10, U.VRRP_CMD_INSTANCE_DEL: 4,
               U.VRRP_CMD_INSTANCE_GET: 3, U.VRRP_CMD_STATS_GET: 2, U.VRRP_CMD_TRACKER_NEW: 4,
               U.VRRP_CMD_TRACKER_SET: 3, U.VRRP_CMD_TRACKER_DEL: 2, U.VRRP_CMD_TRACKER_GET: 2,
               U.VRRP_CMD_TRACKER_REPORT: 5}
    wl = [weights.get(c, 1) for c in cmds]
    res = collections.Counter()
    per_cmd = collections.Counter()
    eperm_violations = []
    noreply = 0
    n = 0
    t0 = time.monotonic()
    limits_done = not a.limits
    fails = []

    def cname(c):
        return U.CMD_NAMES.get(c, "cmd%d" % c)

    while time.monotonic() - t0 < a.secs and (not a.max_requests or n < a.max_requests):
        n += 1
        x = rnd.random()
        # real lifecycle, so state exists
        if x < 0.04:
            e, _ = nl.request(fid, U.VRRP_CMD_INSTANCE_DEL, nla(U.VRRP_A_NAME, sz(rnd.choice(gen.inames))))
            res["lifecycle-del " + (errno.errorcode.get(e, str(e)) if e else "ok")] += 1
            if a.expect_eperm and e != errno.EPERM:
                eperm_violations.append("lifecycle-del -> %s" % e)
            continue
        if x < 0.10:
            attrs = gen.valid_instance()
            e, _ = nl.request(fid, U.VRRP_CMD_INSTANCE_NEW, serialize(attrs))
            res["lifecycle-new " + (errno.errorcode.get(e, str(e)) if e else "ok")] += 1
            if a.expect_eperm and e != errno.EPERM:
                eperm_violations.append("lifecycle-new -> %s" % e)
            continue
        if x < 0.12:
            e, _ = nl.request(fid, U.VRRP_CMD_TRACKER_NEW, nla(U.VRRP_TRK_A_NAME, sz(rnd.choice(gen.tnames))))
            res["lifecycle-tracker " + (errno.errorcode.get(e, str(e)) if e else "ok")] += 1
            if a.expect_eperm and e != errno.EPERM:
                eperm_violations.append("lifecycle-tracker -> %s" % e)
            continue
        if a.churn and x < 0.125 and devs and not a.expect_eperm:
            d = rnd.choice([d for _i, d in devs if d.startswith("fzd")] or [devs[0][1]])
            act = rnd.randrange(3)
            if act == 0:
                run([IP, "link", "set", d, "down"])
                run([IP, "link", "set", d, "up"])
            elif act == 1 and d.startswith("fzd"):
                run([IP, "link", "del", d])
                run([IP, "link", "add", d, "type", "dummy"])
                run([IP, "addr", "add", "10.66.%s.1/24" % d[-1], "dev", d])
                run([IP, "link", "set", d, "up"])
                gen.devs = devs = devices()
                gen.eth = eth_devices()
            else:
                run([IP, "link", "set", d, "mtu", str(rnd.choice([68, 1280, 1500, 9000]))])
            res["churn"] += 1
            continue
        if not limits_done and time.monotonic() - t0 > a.secs / 3:
            limits_done = True
            fill_limits(nl, fid, gen.eth, log, max(5, a.secs / 4))
            continue

        cmd = rnd.choices(cmds, wl)[0] if rnd.random() < 0.97 else rnd.randrange(0, 40)
        attrs = gen.request(cmd)
        muts = []
        flags = NLM_F_REQUEST | NLM_F_ACK
        if rnd.random() < 0.6:
            maxtype = U.VRRP_A_MAX if cmd < U.VRRP_CMD_TRACKER_NEW else U.VRRP_TRK_A_MAX
            attrs, muts = mut.attrs(attrs, maxtype)
        data = serialize(attrs)
        if rnd.random() < 0.1:
            data, m = mut.raw(data)
            muts.append(m)
        if rnd.random() < 0.08:
            flags |= NLM_F_DUMP
            muts.append("dump")
        if rnd.random() < 0.02:
            flags = rnd.randrange(1 << 16) | NLM_F_REQUEST
            muts.append("flags")
        version = 1 if rnd.random() < 0.98 else rnd.randrange(256)
        msg = nl.msg(fid, cmd & 0xFF, data, flags, version)
        seq = nl.seq
        # Without NLM_F_ACK (random flags) a request that succeeds and has
        # no reply of its own gets no answer at all (netlink_rcv_skb acks
        # only errors then): not waited for as a hang.
        wait = 5.0 if flags & NLM_F_ACK else 0.5
        y = rnd.random()
        if y < 0.01:
            # broken message header: too short, or a length past the end
            cut = rnd.choice([0, 4, 15, 16, 17, 19])
            msg = msg[:cut] if rnd.random() < 0.5 else struct.pack("=I", len(msg) + rnd.randrange(1, 64)) + msg[4:]
            muts.append("nlmsghdr")
            wait = 0.05
        elif y < 0.04:
            # several requests in one datagram, ours last
            extra = []
            for _ in range(rnd.randrange(1, 5)):
                c2 = rnd.choices(cmds, wl)[0]
                extra.append(nl.msg(fid, c2, serialize(gen.request(c2))))
            msg = b"".join(extra) + nl.msg(fid, cmd & 0xFF, data, flags, version)
            seq = nl.seq
            muts.append("batch")
        e = nl.send_raw(msg)
        if e:
            key = "send-" + errno.errorcode.get(e, str(e))
        else:
            e, msgs = nl.recv_until(seq, wait)
            if e is None:
                if wait >= 1:
                    noreply += 1
                    fails.append("no answer to %s %s within %.0f s" % (cname(cmd), muts, wait))
                key = "noreply"
            else:
                key = errno.errorcode.get(e, str(e)) if e else "ok"
                # without CAP_NET_ADMIN a mutation fails before its
                # attributes are looked at: EPERM (EINVAL: no genl header)
                # (a dump of a command without one: EOPNOTSUPP, before the
                # permission check on newer kernels; nothing changes either)
                if a.expect_eperm and cmd in MUTATING and e not in (errno.EPERM, errno.EINVAL) and \
                        not (e == errno.EOPNOTSUPP and flags & NLM_F_DUMP == NLM_F_DUMP):
                    eperm_violations.append("%s %s -> %s" % (cname(cmd), muts, key))
        res[key] += 1
        per_cmd["%s %s" % (cname(cmd), key)] += 1
        # drain events
        while True:
            try:
                ev.s.recv(1 << 20, socket.MSG_DONTWAIT)
                nevents += 1
            except BlockingIOError:
                break
            except OSError:
                nevents += 1
                break
        if len(fails) > 20:
            break

    dur = time.monotonic() - t0
    log("%d requests in %.1f s (%.0f/s), %d events received, %d dumps flagged interrupted" %
        (n, dur, n / dur if dur else 0, nevents, nl.intr))
    log("replies by errno: " + ", ".join("%s %d" % kv for kv in res.most_common()))
    log("per command: " + ", ".join("%s %d" % kv for kv in sorted(per_cmd.items())))

    # the module still answers, and everything can go
    err, names = dump_names(nl, fid, U.VRRP_CMD_INSTANCE_GET, U.VRRP_A_NAME)
    if err is None:
        fails.append("instance dump got no answer")
    log("instances left before cleanup: %d (dump err %s)" % (len(names), err))
    err, tnames = dump_names(nl, fid, U.VRRP_CMD_TRACKER_GET, U.VRRP_TRK_A_NAME)
    if err is None:
        fails.append("tracker dump got no answer")
    log("trackers left before cleanup: %d (dump err %s)" % (len(tnames), err))
    e, _ = nl.request(fid, U.VRRP_CMD_STATS_GET, b"")
    if e is None:
        fails.append("stats got no answer")
    if not a.expect_eperm and not a.no_cleanup:
        delete_all(nl, fid)
        _e, names = dump_names(nl, fid, U.VRRP_CMD_INSTANCE_GET, U.VRRP_A_NAME)
        _e, tnames = dump_names(nl, fid, U.VRRP_CMD_TRACKER_GET, U.VRRP_TRK_A_NAME)
        if names or tnames:
            fails.append("left after deleting everything: instances %s trackers %s" % (names, tnames))
        else:
            log("after deleting everything: no instance, no tracker")
    if nl.malformed:
        fails.append("malformed replies: %s" % nl.malformed[:5])
    if eperm_violations:
        fails.append("mutations without CAP_NET_ADMIN not refused with EPERM: %s" % eperm_violations[:5])
    for i in range(a.leave):
        e, _ = nl.request(fid, U.VRRP_CMD_TRACKER_NEW, nla(U.VRRP_TRK_A_NAME, sz("left%d" % i)))
        # A valid instance on a random device: the churn may have left that
        # device without IPv4 or IPv6 (EADDRNOTAVAIL, rightly): another draw.
        for _try in range(20):
            attrs = [t for t in gen.valid_instance()
                     if t[0] not in (U.VRRP_A_NAME, U.VRRP_A_VRID, U.VRRP_A_TRACKS)]
            attrs += [(U.VRRP_A_NAME, sz("left%d" % i)), (U.VRRP_A_VRID, u8(200 + i)),
                      (U.VRRP_A_TRACKS, [nla(U.VRRP_A_TRACK, [nla(U.VRRP_TRACK_A_TRACKER, sz("left%d" % i))])])]
            e, _ = nl.request(fid, U.VRRP_CMD_INSTANCE_NEW, serialize(attrs))
            if e != errno.EADDRNOTAVAIL:
                break
            log("instance left%d: %s, drawn again" % (i, nl.extack))
        if e:
            fails.append("instance left%d for the netns exit: error %d (%s)" % (i, e, nl.extack))
    if a.leave:
        log("left %d instances for the netns exit: %s" % (
            a.leave, dump_names(nl, fid, U.VRRP_CMD_INSTANCE_GET, U.VRRP_A_NAME)[1]))
    for f in fails:
        log("FAIL: " + f)
    log("summary: seed %d, %d requests, %.1f s, %d without answer, result %s" %
        (seed, n, dur, noreply, "FAIL" if fails else "ok"))
    return 1 if fails else 0


if __name__ == "__main__":
    sys.exit(main())
