#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""A raw generic netlink client for the "vrrp" family (python3 stdlib only).

For the tests that must talk to vrrp.ko without vrrpctl in the way: input
vrrpctl refuses itself, attributes it never sends, and dumps read exactly as
the test says (buffer size, no MSG_PEEK). Attribute numbers are read from
uapi/linux/vrrp.h, so they cannot drift.

    genl.py dump [--bufsize 8192]
        dump the instances: print "NAME VIPS" per instance (continuations,
        VRRP_A_VIP_FIRST, merged), or --json {"NAME": ["ADDR/LEN", ...]}.
        Fails (exit 1) on a truncated message, an error or a continuation
        out of order.
    genl.py instance-new --name NAME --ifindex N --vrid V --vip ADDR[/LEN]...
                         [--family 4|6] [--sync-group G] [--installed]
                         [--vip-ifindex N]
    genl.py tracker-new --name NAME
        send one request; print "ok" (exit 0) or "error ERRNO: EXTACK"
        (exit 2). NAME etc. may hold any byte but NUL (\\xNN escapes are
        decoded: --name 'a\\x01b').
    genl.py batch
        the requests of instance-new and tracker-new (without --repeat)
        read from stdin, each as its argument count and its arguments, every
        one NUL-terminated (printf '%s\\0' "$#" "$@"): one process and one
        socket for them all; prints "ok" or "error ..." per request, in order.
    genl.py instance-new ... --repeat N --expect-extack TEXT
        send the request N times; each must fail with an extack message
        containing TEXT. Prints the count of those that did not; exit 0 if
        none, 1 otherwise.

The Python module: Genl(), g.request(cmd, attrs, dump=False) -> list of
(cmd, {type: [payload, ...]}) or raises NlError(errno, extack).
"""

import argparse
import errno
import ipaddress
import json
import os
import re
import socket
import struct
import sys

NETLINK_GENERIC = 16
NLM_F_REQUEST, NLM_F_MULTI, NLM_F_ACK = 1, 2, 4
NLM_F_DUMP = 0x300
NLMSG_ERROR, NLMSG_DONE = 2, 3
NLM_F_ACK_TLVS = 0x200
NLMSGERR_ATTR_MSG = 1
SOL_NETLINK = 270
NETLINK_CAP_ACK, NETLINK_EXT_ACK = 10, 11
GENL_ID_CTRL = 0x10
CTRL_CMD_GETFAMILY = 3
CTRL_ATTR_FAMILY_ID, CTRL_ATTR_FAMILY_NAME = 1, 2
NLA_F_NESTED = 0x8000
NLA_TYPE_MASK = 0x3FFF


def uapi():
    """Enum and define values of uapi/linux/vrrp.h, by name."""
    path = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "uapi", "linux", "vrrp.h")
    text = re.sub(r"/\*.*?\*/", "", open(path).read(), flags=re.S)
    vals = {}
    for m in re.finditer(r"#define\s+(\w+)\s+(\d+)\b", text):
        vals[m.group(1)] = int(m.group(2))
    for body in re.findall(r"enum\s*\w*\s*\{(.*?)\}", text, flags=re.S):
        n = -1
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            name, _, val = item.partition("=")
            name, val = name.strip(), val.strip()
            if val:
                # a number, or an expression of names before it: (__X_MAX - 1)
                n = eval(val, {"__builtins__": {}}, dict(vals))	# our own header
            else:
                n += 1
            vals[name] = n
    return vals


U = uapi()


class NlError(Exception):
    def __init__(self, err, extack):
        super().__init__("%s (%d): %s" % (errno.errorcode.get(err, "?"), err, extack))
        self.errno, self.extack = err, extack


def nla(atype, payload):
    return struct.pack("=HH", 4 + len(payload), atype) + payload + b"\0" * (-len(payload) % 4)


def nest(atype, items):
    return nla(atype | NLA_F_NESTED, b"".join(items))


def parse_attrs(data):
    """{type: [payload, ...]} of a run of attributes."""
    out = {}
    off = 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("=HH", data, off)
        if alen < 4 or off + alen > len(data):
            raise ValueError("malformed attribute at %d" % off)
        out.setdefault(atype & NLA_TYPE_MASK, []).append(data[off + 4:off + alen])
        off += (alen + 3) & ~3
    return out


def list_attrs(data):
    """[(type, payload)] of a run of attributes, in order."""
    out, off = [], 0
    while off + 4 <= len(data):
        alen, atype = struct.unpack_from("=HH", data, off)
        if alen < 4 or off + alen > len(data):
            raise ValueError("malformed attribute at %d" % off)
        out.append((atype & NLA_TYPE_MASK, data[off + 4:off + alen]))
        off += (alen + 3) & ~3
    return out


class Genl:
    def __init__(self, family="vrrp", bufsize=32768):
        self.s = socket.socket(socket.AF_NETLINK, socket.SOCK_RAW, NETLINK_GENERIC)
        self.s.bind((0, 0))
        for opt in (NETLINK_EXT_ACK, NETLINK_CAP_ACK):
            try:
                self.s.setsockopt(SOL_NETLINK, opt, 1)
            except OSError:
                pass
        self.bufsize = bufsize
        self.seq = 0
        self.family = GENL_ID_CTRL
        r = self.request(CTRL_CMD_GETFAMILY, [nla(CTRL_ATTR_FAMILY_NAME, family.encode() + b"\0")],
                         version=1)
        self.family = struct.unpack("=H", r[0][1][CTRL_ATTR_FAMILY_ID][0][:2])[0]

    def request(self, cmd, attrs, dump=False, version=1):
        """Send one request; the replies as [(cmd, attrs)], or NlError."""
        self.seq += 1
        flags = NLM_F_REQUEST | NLM_F_ACK | (NLM_F_DUMP if dump else 0)
        payload = struct.pack("=BBH", cmd, version, 0) + b"".join(attrs)
        self.s.send(struct.pack("=IHHII", 16 + len(payload), self.family, flags, self.seq, 0) + payload)
        replies = []
        while True:
            data, _, mflags, _ = self.s.recvmsg(self.bufsize)
            if mflags & socket.MSG_TRUNC:
                raise NlError(errno.EMSGSIZE, "reply truncated: a message larger than %d bytes" %
                              self.bufsize)
            off = 0
            while off + 16 <= len(data):
                mlen, mtype, mfl, mseq, _ = struct.unpack_from("=IHHII", data, off)
                if mlen < 16 or off + mlen > len(data):
                    raise NlError(errno.EPROTO, "malformed netlink message")
                msg = data[off:off + mlen]
                off += (mlen + 3) & ~3
                if mseq != self.seq:
                    continue
                if mtype == NLMSG_ERROR:
                    err = -struct.unpack_from("=i", msg, 16)[0]
                    if err:
                        raise NlError(err, self._extack(msg, mfl, error=True))
                    return replies
                if mtype == NLMSG_DONE:
                    err = -struct.unpack_from("=i", msg, 16)[0] if mlen >= 20 else 0
                    if err:
                        raise NlError(err, self._extack(msg, mfl, error=False))
                    return replies
                replies.append((msg[16], parse_attrs(msg[20:]), msg[20:]))

    @staticmethod
    def _extack(msg, flags, error):
        if not flags & NLM_F_ACK_TLVS:
            return ""
        if error:
            # struct nlmsgerr: error, then the request's header (capped)
            off = 16 + 4 + 16
            if not flags & 0x100:	# NLM_F_CAPPED
                off = 16 + 4 + struct.unpack_from("=I", msg, 20)[0]
        else:
            off = 20
        off = (off + 3) & ~3
        try:
            tlv = parse_attrs(msg[off:])
        except ValueError:
            return ""
        m = tlv.get(NLMSGERR_ATTR_MSG)
        return m[0].split(b"\0")[0].decode(errors="replace") if m else ""


def addr_attrs(spec, family):
    a = ipaddress.ip_interface(spec if "/" in spec else spec + ("/128" if family == 6 else "/32"))
    return [nla(U["VRRP_VIP_A_ADDR"], a.ip.packed),
            nla(U["VRRP_VIP_A_PREFIXLEN"], struct.pack("B", a.network.prefixlen))]


def unescape(s):
    return s.encode("utf-8", "surrogateescape").decode("unicode_escape").encode("latin-1")


def dump_vips(g):
    """{name: [addr/len, ...]} of every instance, continuations merged, checked."""
    out, last = {}, None
    for cmd, attrs, _ in g.request(U["VRRP_CMD_INSTANCE_GET"], [], dump=True):
        if cmd != U["VRRP_CMD_INSTANCE_GET"]:
            continue
        name = attrs[U["VRRP_A_NAME"]][0].split(b"\0")[0].decode()
        vips = []
        for vattrs in attrs.get(U["VRRP_A_VIPS"], []):
            for _, v in list_attrs(vattrs):
                va = parse_attrs(v)
                a = ipaddress.ip_address(va[U["VRRP_VIP_A_ADDR"]][0])
                plen = va.get(U["VRRP_VIP_A_PREFIXLEN"], [bytes([a.max_prefixlen])])[0][0]
                vips.append("%s/%d" % (a, plen))
        first = attrs.get(U["VRRP_A_VIP_FIRST"])
        if first:
            first = struct.unpack("=H", first[0][:2])[0]
            if name != last or first != len(out[name]):
                raise NlError(errno.EPROTO, "continuation of %s from #%d out of order (have %d)" %
                              (name, first, len(out.get(name, []))))
            out[name] += vips
        else:
            if name in out:
                raise NlError(errno.EPROTO, "instance %s dumped twice" % name)
            out[name] = vips
        last = name
    return out


def repeat(g, attrs, n, text):
    """Send INSTANCE_NEW n times, each must fail with an extack containing text."""
    wrong, first = 0, None
    for _ in range(n):
        try:
            g.request(U["VRRP_CMD_INSTANCE_NEW"], attrs)
            msg = "(accepted)"
        except NlError as e:
            msg = e.extack
        if text not in msg:
            wrong += 1
            first = first or msg
    print("%d requests, %d without \"%s\" in their extack message%s" %
          (n, wrong, text, ", the first: \"%s\"" % first if wrong else ""))
    return 1 if wrong else 0


def parser():
    p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    sub = p.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("--bufsize", type=int, default=8192)
    d.add_argument("--json", action="store_true")
    sub.add_parser("batch")
    i = sub.add_parser("instance-new")
    i.add_argument("--name", required=True)
    i.add_argument("--ifindex", type=int, required=True)
    i.add_argument("--vrid", type=int, required=True)
    i.add_argument("--family", type=int, default=4, choices=[4, 6])
    i.add_argument("--vip", action="append", default=[])
    i.add_argument("--sync-group", default=None)
    i.add_argument("--installed", action="store_true", help="VRRP_VIP_A_INSTALLED on each VIP")
    i.add_argument("--vip-ifindex", type=int, default=None, help="VRRP_VIP_A_IFINDEX on each VIP")
    i.add_argument("--repeat", type=int, default=0)
    i.add_argument("--expect-extack", default=None)
    t = sub.add_parser("tracker-new")
    t.add_argument("--name", required=True)
    return p


def instance_attrs(a):
    """The attributes of instance-new as parsed."""
    attrs = [nla(U["VRRP_A_NAME"], unescape(a.name) + b"\0"),
             nla(U["VRRP_A_IFINDEX"], struct.pack("=I", a.ifindex)),
             nla(U["VRRP_A_VRID"], struct.pack("B", a.vrid)),
             nla(U["VRRP_A_FAMILY"], struct.pack("B", socket.AF_INET6 if a.family == 6
                                                   else socket.AF_INET))]
    vips = []
    for v in a.vip:
        va = addr_attrs(v, a.family)
        if a.installed:
            va.append(nla(U["VRRP_VIP_A_INSTALLED"], b""))
        if a.vip_ifindex is not None:
            va.append(nla(U["VRRP_VIP_A_IFINDEX"], struct.pack("=I", a.vip_ifindex)))
        vips.append(nest(U["VRRP_A_VIP"], va))
    attrs.append(nest(U["VRRP_A_VIPS"], vips))
    if a.sync_group is not None:
        attrs.append(nla(U["VRRP_A_SYNC_GROUP"], unescape(a.sync_group) + b"\0"))
    return attrs


def new_request(g, a):
    """instance-new or tracker-new as parsed: "ok", or raises NlError."""
    if a.cmd == "instance-new":
        g.request(U["VRRP_CMD_INSTANCE_NEW"], instance_attrs(a))
    else:
        g.request(U["VRRP_CMD_TRACKER_NEW"], [nla(U["VRRP_TRK_A_NAME"], unescape(a.name) + b"\0")])
    return "ok"


def nl_error(e):
    return "error %s (%d): %s" % (errno.errorcode.get(e.errno, "?"), e.errno, e.extack)


def batch(g, p):
    """The requests on stdin ("COUNT\\0ARG\\0..."), one result line each."""
    words = sys.stdin.buffer.read().split(b"\0")
    words = [w.decode("utf-8", "surrogateescape") for w in words[:-1]]
    while words:
        n = int(words[0])
        args, words = words[1:1 + n], words[1 + n:]
        a = p.parse_args(args)
        if a.cmd not in ("instance-new", "tracker-new") or getattr(a, "repeat", 0):
            p.error("batch: only instance-new and tracker-new, without --repeat")
        try:
            print(new_request(g, a), flush=True)
        except NlError as e:
            print(nl_error(e), flush=True)
    return 0


def main():
    p = parser()
    a = p.parse_args()

    try:
        if a.cmd == "dump":
            g = Genl(bufsize=a.bufsize)
            v = dump_vips(g)
            if a.json:
                print(json.dumps(v))
            else:
                for name, vips in v.items():
                    print(name, len(vips))
            return 0
        g = Genl()
        if a.cmd == "batch":
            return batch(g, p)
        if a.cmd == "instance-new" and a.repeat:
            return repeat(g, instance_attrs(a), a.repeat, a.expect_extack or "")
        print(new_request(g, a))
        return 0
    except NlError as e:
        print(nl_error(e))
        return 2 if a.cmd != "dump" else 1


if __name__ == "__main__":
    sys.exit(main())
