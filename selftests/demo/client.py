#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""client.py VIP INTERVAL_S LOG: request http://VIP/ every INTERVAL_S seconds.
client.py --once ADDR: one request; prints "ok nodeN", or fails.

A new TCP connection per request, 1 s to connect and 1 s to answer. Appends
one line per request to LOG, stamped when it ended (the file is shared with
other writers: one write per line):
    EPOCH client ok NODE      the page said "I am node N"
    EPOCH client fail WHY     refused, timeout, reset, ...
Runs until killed.
"""
import errno
import os
import re
import socket
import sys
import time

TIMEOUT = 1.0


def request(vip):
    with socket.create_connection((vip, 80), timeout=TIMEOUT) as s:
        s.settimeout(TIMEOUT)
        s.sendall(b"GET / HTTP/1.0\r\nHost: " + vip.encode() + b"\r\n\r\n")
        data = b""
        while True:
            chunk = s.recv(4096)
            if not chunk:
                break
            data += chunk
    m = re.search(rb"I am node (\d+)", data)
    if not m:
        head = data.split(b"\r\n", 1)[0].decode(errors="replace") or "empty answer"
        return "fail bad-answer:" + head.replace(" ", "_")
    return "ok node" + m.group(1).decode()


def main():
    if sys.argv[1] == "--once":
        res = request(sys.argv[2])
        print(res)
        sys.exit(0 if res.startswith("ok ") else 1)
    vip, interval, log = sys.argv[1], float(sys.argv[2]), sys.argv[3]
    fd = os.open(log, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o644)
    nxt = time.time()
    while True:
        try:
            res = request(vip)
        except socket.timeout:
            res = "fail timeout"
        except ConnectionRefusedError:
            res = "fail refused"
        except ConnectionResetError:
            res = "fail reset"
        except OSError as e:
            res = "fail " + (errno.errorcode.get(e.errno, "error") if e.errno else "error")
        os.write(fd, ("%.3f client %s\n" % (time.time(), res)).encode())
        nxt += interval
        delay = nxt - time.time()
        if delay > 0:
            time.sleep(delay)
        else:
            nxt = time.time()


if __name__ == "__main__":
    main()
