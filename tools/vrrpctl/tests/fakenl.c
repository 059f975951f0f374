// SPDX-License-Identifier: GPL-2.0
/*
 * A stand-in for vrrp.ko, to test vrrpctl where the module cannot be
 * loaded: LD_PRELOADed, it turns vrrpctl's NETLINK_GENERIC socket into one
 * end of a socketpair and answers on the other end, as the kernel would.
 * It encodes its replies by hand (no libnl), from the uapi header.
 *
 *   FAKENL_LOG=FILE        append each vrrp request, decoded, one a line
 *   FAKENL_NOFAMILY=1      no "vrrp" family (CTRL_CMD_GETFAMILY: ENOENT)
 *   FAKENL_VERSION=N       the family version told (default VRRP_GENL_VERSION)
 *   FAKENL_ERR=N           fail vrrp requests with errno N ...
 *   FAKENL_EXTACK=TEXT     ... with this extack message
 *   FAKENL_WARN=TEXT       succeed, with this extack message in the ACK
 *   FAKENL_DUMPERR=N       end dumps with errno N in NLMSG_DONE
 *   FAKENL_MISS=N          ... with attribute N missing (NLMSGERR_ATTR_MISS_TYPE)
 *   FAKENL_NOCAP=1         echo the whole request in errors (no NETLINK_CAP_ACK)
 *   FAKENL_DUMP=NAMES      the instances a dump returns, blank-separated
 *                          (default "VI_1 VI_6")
 *   FAKENL_TRACKERS=NAMES  the trackers a dump returns (default
 *                          "chk_nginx chk_db"; others are not known)
 *   FAKENL_REFUSE=NAME     INSTANCE_NEW and TRACKER_NEW of NAME fail with
 *                          EINVAL and FAKENL_EXTACK (or a message of ours)
 *   FAKENL_SPLIT=N         dumps carry at most N VIPs a message: an instance
 *                          with more is continued in messages of its own
 *                          (VRRP_A_VIP_FIRST), each in a datagram of its own
 *   FAKENL_SPLIT_BAD=1     ... and the second continuation skips a VIP
 *   FAKENL_NOSECRETS=1     no VRRP_A_AUTH_DATA, as to a caller without
 *                          CAP_NET_ADMIN
 *   FAKENL_EVENTS=FILE     the events to send on joining the "events" group,
 *                          one a line, from a process of their own:
 *                            state NAME OLD NEW REASON PRIO [SYNC_GROUP]
 *                            tracker NAME ok|fail [stale] [value N]
 *                            sleep MS
 *                          (states and reasons by number or name)
 *
 * Instances: VI_1 (IPv4, master, sync group G1, three track elements) and
 * VI_6 (IPv6, fault), as a kernel before VRRPv2, unicast and vmac sent them;
 * not in the default dump: VI_2 (VRRPv2, auth PASS, the RFC 2787 counters),
 * VI_7 (IPv6, link-local first vip, master known), VI_U (unicast peers with
 * TTL ranges), VI_M (virtual MAC, master) and VI_B (IPv4, 40 VIPs). Trackers: chk_nginx (failed, stale) and chk_db (ok,
 * value 5). Without FAKENL_EVENTS, joining the "events" group queues three
 * state events and two tracker events, then the socket is closed.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <dlfcn.h>
#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/vrrp.h>

#define FAMILY_ID	0x1234
#define EVENTS_GRP	7

/* vrrpctl may open several sockets (notify: one for events, one for a dump) */
#define MAX_SOCKS	8
static struct {
	int fd, peer;
} socks[MAX_SOCKS];
static int nsocks;
static int peer_fd = -1;	/* of the socket being answered */
static int ext_ack, cap_ack;

static int sock_peer(int fd)
{
	int i;

	for (i = 0; i < nsocks; i++)
		if (socks[i].fd == fd)
			return socks[i].peer;
	return -1;
}

static int env_int(const char *name)
{
	const char *v = getenv(name);

	return v ? atoi(v) : 0;
}

/* --- a message builder --------------------------------------------- */

struct buf {
	uint8_t data[1 << 16];
	size_t len;
};

static void *put(struct buf *b, const void *data, size_t len)
{
	void *p = b->data + b->len;

	memset(p, 0, NLMSG_ALIGN(len));
	if (data)
		memcpy(p, data, len);
	b->len += NLMSG_ALIGN(len);
	return p;
}

static size_t msg_begin(struct buf *b, uint16_t type, uint16_t flags,
			uint32_t seq, int cmd)
{
	struct nlmsghdr h = { .nlmsg_type = type, .nlmsg_flags = flags,
			      .nlmsg_seq = seq, .nlmsg_pid = getpid() };
	struct genlmsghdr g = { .cmd = cmd, .version = 1 };
	size_t off = b->len;

	put(b, &h, sizeof(h));
	if (cmd >= 0)
		put(b, &g, sizeof(g));
	return off;
}

static void msg_end(struct buf *b, size_t off)
{
	((struct nlmsghdr *)(b->data + off))->nlmsg_len = b->len - off;
}

static void attr(struct buf *b, int type, const void *data, size_t len)
{
	struct nlattr a = { .nla_type = type, .nla_len = NLA_HDRLEN + len };

	put(b, &a, sizeof(a));
	put(b, data, len);
}

static void a_u8(struct buf *b, int t, uint8_t v) { attr(b, t, &v, 1); }
static void a_u16(struct buf *b, int t, uint16_t v) { attr(b, t, &v, 2); }
static void a_u32(struct buf *b, int t, uint32_t v) { attr(b, t, &v, 4); }
static void a_u64(struct buf *b, int t, uint64_t v) { attr(b, t, &v, 8); }
static void a_s32(struct buf *b, int t, int32_t v) { attr(b, t, &v, 4); }
static void a_str(struct buf *b, int t, const char *s) { attr(b, t, s, strlen(s) + 1); }

static void a_addr(struct buf *b, int t, const char *s)
{
	uint8_t a[16];

	if (inet_pton(AF_INET, s, a) == 1)
		attr(b, t, a, 4);
	else if (inet_pton(AF_INET6, s, a) == 1)
		attr(b, t, a, 16);
}

static size_t nest_begin(struct buf *b, int type)
{
	size_t off = b->len;

	attr(b, type | NLA_F_NESTED, NULL, 0);
	return off;
}

static void nest_end(struct buf *b, size_t off)
{
	((struct nlattr *)(b->data + off))->nla_len = b->len - off;
}

static void send_buf(struct buf *b)
{
	if (!b->len)	/* FAKENL_SPLIT sent it all already */
		return;
	if (send(peer_fd, b->data, b->len, 0) < 0)
		perror("fakenl: send");
	b->len = 0;
}

/* --- the canned instances ------------------------------------------- */

#define EXCLUDED	2	/* with vip()'s @installed: VRRP_VIP_A_EXCLUDED */
#define ONLO		4	/* with vip()'s @installed: VRRP_VIP_A_IFINDEX 1 (lo) */

static void vip(struct buf *b, const char *addr, int plen, int installed)
{
	size_t n = nest_begin(b, VRRP_A_VIP);

	a_addr(b, VRRP_VIP_A_ADDR, addr);
	a_u8(b, VRRP_VIP_A_PREFIXLEN, plen);
	if (installed & 1)
		attr(b, VRRP_VIP_A_INSTALLED, NULL, 0);
	if (installed & EXCLUDED)
		attr(b, VRRP_VIP_A_EXCLUDED, NULL, 0);
	if (installed & ONLO)
		a_u32(b, VRRP_VIP_A_IFINDEX, 1);
	nest_end(b, n);
}

#define NOWEIGHT	1000
#define NOSTATE		-1	/* as an older module: no VRRP_TRACK_A_STATE */

/* A tracker (@name) or an interface (@ifindex) tracked by an instance. */
static void track(struct buf *b, const char *name, uint32_t ifindex, int32_t weight,
		  int reverse, int ok, int32_t contrib, int state)
{
	size_t n = nest_begin(b, VRRP_A_TRACK);

	if (name) {
		a_str(b, VRRP_TRACK_A_TRACKER, name);
	} else {
		a_u32(b, VRRP_TRACK_A_IFINDEX, ifindex);
		a_str(b, VRRP_TRACK_A_IFNAME, "lo");
	}
	if (weight != NOWEIGHT)
		a_s32(b, VRRP_TRACK_A_WEIGHT, weight);
	if (reverse)
		attr(b, VRRP_TRACK_A_REVERSE, NULL, 0);
	a_u8(b, VRRP_TRACK_A_OK, ok);
	a_s32(b, VRRP_TRACK_A_CONTRIB, contrib);
	if (state != NOSTATE)
		a_u8(b, VRRP_TRACK_A_STATE, state);
	nest_end(b, n);
}

static void tracker(struct buf *b, int which, uint32_t seq, uint16_t flags)
{
	size_t m = msg_begin(b, FAMILY_ID, flags, seq, VRRP_CMD_TRACKER_GET);

	if (which == 1) {
		a_str(b, VRRP_TRK_A_NAME, "chk_nginx");
		a_s32(b, VRRP_TRK_A_WEIGHT, -10);
		a_u32(b, VRRP_TRK_A_FALL, 3);
		a_u32(b, VRRP_TRK_A_RISE, 2);
		a_u32(b, VRRP_TRK_A_TIMEOUT, 10000);
		a_u8(b, VRRP_TRK_A_OK, 0);
		attr(b, VRRP_TRK_A_STALE, NULL, 0);
		a_u32(b, VRRP_TRK_A_AGE, 12000);
		a_u32(b, VRRP_TRK_A_USERS, 1);
		a_u64(b, VRRP_TRK_A_REPORTS_OK, 10);
		a_u64(b, VRRP_TRK_A_REPORTS_FAIL, 3);
	} else if (which == 3) {
		/* created "init unknown", not yet reported (the others: an older module) */
		a_str(b, VRRP_TRK_A_NAME, "chk_boot");
		a_s32(b, VRRP_TRK_A_WEIGHT, 0);
		a_u32(b, VRRP_TRK_A_FALL, 2);
		a_u32(b, VRRP_TRK_A_RISE, 2);
		a_u32(b, VRRP_TRK_A_TIMEOUT, 30000);
		a_u8(b, VRRP_TRK_A_OK, 0);
		a_u8(b, VRRP_TRK_A_INIT, VRRP_TRK_INIT_UNKNOWN);
		a_u8(b, VRRP_TRK_A_STATE, VRRP_TRK_STATE_INIT);
		a_u32(b, VRRP_TRK_A_USERS, 1);
		a_u64(b, VRRP_TRK_A_REPORTS_OK, 0);
		a_u64(b, VRRP_TRK_A_REPORTS_FAIL, 0);
	} else if (which == 4) {
		/* created "init fail", a good report since */
		a_str(b, VRRP_TRK_A_NAME, "chk_fs");
		a_s32(b, VRRP_TRK_A_WEIGHT, 10);
		a_u32(b, VRRP_TRK_A_FALL, 1);
		a_u32(b, VRRP_TRK_A_RISE, 2);
		a_u32(b, VRRP_TRK_A_TIMEOUT, 0);
		a_u8(b, VRRP_TRK_A_OK, 0);
		a_u8(b, VRRP_TRK_A_INIT, VRRP_TRK_INIT_FAIL);
		a_u8(b, VRRP_TRK_A_STATE, VRRP_TRK_STATE_FAILED);
		a_u32(b, VRRP_TRK_A_AGE, 900);
		a_u32(b, VRRP_TRK_A_USERS, 0);
		a_u64(b, VRRP_TRK_A_REPORTS_OK, 1);
		a_u64(b, VRRP_TRK_A_REPORTS_FAIL, 0);
	} else {
		a_str(b, VRRP_TRK_A_NAME, "chk_db");
		a_s32(b, VRRP_TRK_A_WEIGHT, 0);
		a_u32(b, VRRP_TRK_A_FALL, 1);
		a_u32(b, VRRP_TRK_A_RISE, 1);
		a_u32(b, VRRP_TRK_A_TIMEOUT, 0);
		a_s32(b, VRRP_TRK_A_VALUE, 5);
		a_u8(b, VRRP_TRK_A_OK, 1);
		a_u32(b, VRRP_TRK_A_AGE, 1500);
		a_u32(b, VRRP_TRK_A_USERS, 1);
		a_u64(b, VRRP_TRK_A_REPORTS_OK, 7);
		a_u64(b, VRRP_TRK_A_REPORTS_FAIL, 0);
	}
	msg_end(b, m);
}

/* A peer; a TTL of -1 is not sent. */
static void peer(struct buf *b, const char *addr, int min_ttl, int max_ttl)
{
	size_t n = nest_begin(b, VRRP_A_PEER);

	a_addr(b, VRRP_PEER_A_ADDR, addr);
	if (min_ttl >= 0)
		a_u8(b, VRRP_PEER_A_MIN_TTL, min_ttl);
	if (max_ttl >= 0)
		a_u8(b, VRRP_PEER_A_MAX_TTL, max_ttl);
	nest_end(b, n);
}

/* What every instance of this kernel has; the new attributes at their defaults. */
static void common(struct buf *b, const char *name, uint8_t vrid, int version,
		   int family, int state)
{
	a_str(b, VRRP_A_NAME, name);
	a_u32(b, VRRP_A_IFINDEX, 1);
	a_str(b, VRRP_A_IFNAME, "lo");
	a_u8(b, VRRP_A_VRID, vrid);
	a_u8(b, VRRP_A_VERSION, version);
	a_u8(b, VRRP_A_FAMILY, family);
	a_u8(b, VRRP_A_STATE, state);
	a_u32(b, VRRP_A_FAULT, 0);
	a_u8(b, VRRP_A_PRIORITY, 100);
	a_u8(b, VRRP_A_EFFECTIVE_PRIORITY, 100);
	a_u8(b, VRRP_A_PREEMPT, 1);
	a_u32(b, VRRP_A_PREEMPT_DELAY, 0);
	a_u8(b, VRRP_A_ACCEPT, 0);
	a_u8(b, VRRP_A_CSUM_MODE, VRRP_CSUM_RFC);
	a_u32(b, VRRP_A_GARP_COUNT, 5);
	a_u32(b, VRRP_A_GARP_INTERVAL, 0);
	a_u32(b, VRRP_A_GARP_REFRESH, 5000);
	a_u32(b, VRRP_A_GARP_PERIOD, 0);
	a_u32(b, VRRP_A_GARP_PERIOD_COUNT, 1);
	a_u8(b, VRRP_A_LAST_REASON, VRRP_REASON_ADMIN);
	a_u8(b, VRRP_A_FAST_PREEMPT, 0);
	a_u8(b, VRRP_A_TRACK_PRIMARY, 1);
	a_str(b, VRRP_A_SYNC_GROUP, "");
	attr(b, VRRP_A_TRACKS | NLA_F_NESTED, NULL, 0);
}

/* VI_2, VI_7, VI_U, VI_M, VI_B */
static void new_instance(struct buf *b, int which)
{
	static const uint8_t mac[6] = { 0x00, 0x00, 0x5e, 0x00, 0x01, 0x33 };
	size_t n;
	int i;

	switch (which) {
	case 2:
		common(b, "VI_2", 2, 2, AF_INET, VRRP_STATE_BACKUP);
		a_u8(b, VRRP_A_TRACK_PRIMARY, 0);
		a_u16(b, VRRP_A_ADVERT_INTERVAL, 300);
		a_u16(b, VRRP_A_MASTER_ADVERT_INTERVAL, 300);
		a_addr(b, VRRP_A_GROUP, "224.0.0.18");
		a_addr(b, VRRP_A_PRIMARY_ADDR, "10.0.0.1");
		a_addr(b, VRRP_A_MASTER_ADDR, "10.0.0.9");
		a_u8(b, VRRP_A_AUTH_TYPE, VRRP_AUTH_PASS);
		if (!env_int("FAKENL_NOSECRETS"))
			/* zero-padded to 8 bytes; a blank and a quote for save */
			attr(b, VRRP_A_AUTH_DATA, "p w\"d\0\0\0", 8);
		attr(b, VRRP_A_UNICAST_SRC, NULL, 0);
		n = nest_begin(b, VRRP_A_UNICAST_PEERS);
		nest_end(b, n);
		a_u8(b, VRRP_A_UNICAST_TTL, 255);
		a_u8(b, VRRP_A_VMAC, 0);
		n = nest_begin(b, VRRP_A_VIPS);
		vip(b, "192.168.2.1", 24, 0);
		vip(b, "198.51.100.2", 24, EXCLUDED);
		vip(b, "192.0.2.9", 32, 1 | ONLO);
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_STATS);
		a_u64(b, VRRP_STATS_A_RCVD_ADVERTS, 12);
		a_u64(b, VRRP_STATS_A_AUTH_FAILURES, 3);
		a_u64(b, VRRP_STATS_A_INVALID_AUTH_TYPE, 2);
		a_u64(b, VRRP_STATS_A_AUTH_TYPE_MISMATCH, 1);
		a_u64(b, VRRP_STATS_A_SOURCE_ERRORS, 0);
		nest_end(b, n);
		break;
	case 7:
		common(b, "VI_7", 7, 3, AF_INET6, VRRP_STATE_BACKUP);
		a_u16(b, VRRP_A_ADVERT_INTERVAL, 100);
		a_u16(b, VRRP_A_MASTER_ADVERT_INTERVAL, 100);
		a_addr(b, VRRP_A_GROUP, "ff02::12");
		a_addr(b, VRRP_A_PRIMARY_ADDR, "fe80::1:2");
		a_addr(b, VRRP_A_MASTER_ADDR, "fe80::1:9");
		a_u8(b, VRRP_A_AUTH_TYPE, VRRP_AUTH_NONE);
		attr(b, VRRP_A_UNICAST_SRC, NULL, 0);
		n = nest_begin(b, VRRP_A_UNICAST_PEERS);
		nest_end(b, n);
		a_u8(b, VRRP_A_UNICAST_TTL, 255);
		a_u8(b, VRRP_A_VMAC, 0);
		n = nest_begin(b, VRRP_A_VIPS);
		vip(b, "fe80::7", 64, 0);
		vip(b, "2001:db8:7::1", 64, 0);
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_STATS);
		a_u64(b, VRRP_STATS_A_RCVD_ADVERTS, 7);
		a_u64(b, VRRP_STATS_A_SOURCE_ERRORS, 4);
		nest_end(b, n);
		break;
	case 'u':
		common(b, "VI_U", 9, 3, AF_INET, VRRP_STATE_BACKUP);
		a_u16(b, VRRP_A_ADVERT_INTERVAL, 100);
		a_u16(b, VRRP_A_MASTER_ADVERT_INTERVAL, 100);
		a_addr(b, VRRP_A_GROUP, "224.0.0.18");
		a_addr(b, VRRP_A_PRIMARY_ADDR, "10.0.0.1");
		a_addr(b, VRRP_A_MASTER_ADDR, "10.0.2.3");
		a_u8(b, VRRP_A_AUTH_TYPE, VRRP_AUTH_NONE);
		a_addr(b, VRRP_A_UNICAST_SRC, "10.0.1.1");
		n = nest_begin(b, VRRP_A_UNICAST_PEERS);
		peer(b, "10.0.2.2", -1, -1);
		peer(b, "10.0.2.3", 250, 255);
		peer(b, "10.0.3.4", 0, 64);
		peer(b, "10.0.3.5", 1, 2);
		nest_end(b, n);
		a_u8(b, VRRP_A_UNICAST_TTL, 64);
		a_addr(b, VRRP_A_ARBITER, "10.0.0.254");
		a_u8(b, VRRP_A_ARBITER_MODE, VRRP_ARBITER_FAULT);
		a_u8(b, VRRP_A_ARBITER_STATE, VRRP_ARBITER_UNREACHABLE);
		a_u8(b, VRRP_A_VMAC, 0);
		n = nest_begin(b, VRRP_A_VIPS);
		vip(b, "10.0.9.9", 32, 0);
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_STATS);
		a_u64(b, VRRP_STATS_A_IP_TTL_ERRORS, 5);
		a_u64(b, VRRP_STATS_A_SOURCE_ERRORS, 6);
		nest_end(b, n);
		break;
	case 'b':
		common(b, "VI_B", 60, 3, AF_INET, VRRP_STATE_MASTER);
		a_u16(b, VRRP_A_ADVERT_INTERVAL, 100);
		a_u16(b, VRRP_A_MASTER_ADVERT_INTERVAL, 100);
		a_addr(b, VRRP_A_GROUP, "224.0.0.18");
		a_addr(b, VRRP_A_PRIMARY_ADDR, "10.0.0.1");
		a_addr(b, VRRP_A_MASTER_ADDR, "10.0.0.1");
		a_u8(b, VRRP_A_AUTH_TYPE, VRRP_AUTH_NONE);
		attr(b, VRRP_A_UNICAST_SRC, NULL, 0);
		n = nest_begin(b, VRRP_A_UNICAST_PEERS);
		nest_end(b, n);
		a_u8(b, VRRP_A_UNICAST_TTL, 255);
		a_u8(b, VRRP_A_VMAC, 0);
		n = nest_begin(b, VRRP_A_VIPS);
		for (i = 1; i <= 40; i++) {
			char a[32];

			snprintf(a, sizeof(a), "10.60.0.%d", i);
			vip(b, a, i == 1 ? 24 : 32, 1);
		}
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_STATS);
		a_u64(b, VRRP_STATS_A_SENT_ADVERTS, 60);
		nest_end(b, n);
		break;
	default:
		common(b, "VI_M", 51, 3, AF_INET, VRRP_STATE_MASTER);
		a_u16(b, VRRP_A_ADVERT_INTERVAL, 100);
		a_u16(b, VRRP_A_MASTER_ADVERT_INTERVAL, 100);
		a_addr(b, VRRP_A_GROUP, "224.0.0.18");
		a_addr(b, VRRP_A_PRIMARY_ADDR, "10.0.0.1");
		a_addr(b, VRRP_A_MASTER_ADDR, "10.0.0.1");
		a_u8(b, VRRP_A_AUTH_TYPE, VRRP_AUTH_NONE);
		attr(b, VRRP_A_UNICAST_SRC, NULL, 0);
		n = nest_begin(b, VRRP_A_UNICAST_PEERS);
		nest_end(b, n);
		a_u8(b, VRRP_A_UNICAST_TTL, 255);
		a_u8(b, VRRP_A_VMAC, 1);
		attr(b, VRRP_A_VMAC_ADDR, mac, sizeof(mac));
		n = nest_begin(b, VRRP_A_VIPS);
		vip(b, "10.0.5.1", 24, 1);
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_STATS);
		a_u64(b, VRRP_STATS_A_SENT_ADVERTS, 99);
		nest_end(b, n);
		break;
	}
}

static void instance(struct buf *b, int which, uint32_t seq, uint16_t flags)
{
	size_t m = msg_begin(b, FAMILY_ID, flags, seq, VRRP_CMD_INSTANCE_GET);
	size_t n;
	int i;

	if (which != 1 && which != 6) {
		new_instance(b, which);
	} else if (which == 1) {
		a_str(b, VRRP_A_NAME, "VI_1");
		a_u32(b, VRRP_A_IFINDEX, 5);
		a_str(b, VRRP_A_IFNAME, "veth0");
		a_u8(b, VRRP_A_VRID, 51);
		a_u8(b, VRRP_A_VERSION, 3);
		a_u8(b, VRRP_A_FAMILY, AF_INET);
		a_u8(b, VRRP_A_STATE, VRRP_STATE_MASTER);
		a_u32(b, VRRP_A_FAULT, 0);
		a_u8(b, VRRP_A_PRIORITY, 100);
		a_u8(b, VRRP_A_EFFECTIVE_PRIORITY, 90);
		a_u16(b, VRRP_A_ADVERT_INTERVAL, 100);
		a_u16(b, VRRP_A_MASTER_ADVERT_INTERVAL, 100);
		a_u8(b, VRRP_A_PREEMPT, 1);
		a_u32(b, VRRP_A_PREEMPT_DELAY, 0);
		a_u8(b, VRRP_A_ACCEPT, 0);
		a_addr(b, VRRP_A_GROUP, "224.0.0.18");
		a_u8(b, VRRP_A_CSUM_MODE, VRRP_CSUM_RFC);
		a_u32(b, VRRP_A_GARP_COUNT, 5);
		a_u32(b, VRRP_A_GARP_INTERVAL, 0);
		a_u32(b, VRRP_A_GARP_REFRESH, 5000);
		a_u32(b, VRRP_A_GARP_PERIOD, 30000);
		a_u32(b, VRRP_A_GARP_PERIOD_COUNT, 2);
		a_addr(b, VRRP_A_PRIMARY_ADDR, "10.0.0.1");
		a_addr(b, VRRP_A_MASTER_ADDR, "10.0.0.1");
		a_u8(b, VRRP_A_LAST_REASON, VRRP_REASON_TIMER);
		a_u8(b, VRRP_A_FAST_PREEMPT, 1);
		a_str(b, VRRP_A_SYNC_GROUP, "G1");
		n = nest_begin(b, VRRP_A_VIPS);
		vip(b, "192.168.73.100", 24, 1);
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_TRACKS);
		track(b, "chk_nginx", 0, -10, 0, 0, -10, NOSTATE);
		track(b, "chk_db", 0, NOWEIGHT, 1, 1, 0, NOSTATE);
		track(b, NULL, 1, 0, 0, 1, 0, NOSTATE);
		track(b, "chk_boot", 0, NOWEIGHT, 0, 0, 0, VRRP_TRK_STATE_INIT);
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_STATS);
		for (i = VRRP_STATS_A_MASTER_TRANSITIONS; i <= VRRP_STATS_A_TRANSITIONS; i++)
			a_u64(b, i, i == VRRP_STATS_A_SENT_ADVERTS ? 1ULL << 40 : (uint64_t)i * 10);
		nest_end(b, n);
	} else {
		/* no IFNAME: vrrpctl asks if_indextoname(1), "lo" */
		a_str(b, VRRP_A_NAME, "VI_6");
		a_u32(b, VRRP_A_IFINDEX, 1);
		a_u8(b, VRRP_A_VRID, 7);
		a_u8(b, VRRP_A_VERSION, 3);
		a_u8(b, VRRP_A_FAMILY, AF_INET6);
		a_u8(b, VRRP_A_STATE, VRRP_STATE_FAULT);
		a_u32(b, VRRP_A_FAULT, VRRP_FAULT_LINK | VRRP_FAULT_TRACK | 1U << 9);
		a_u8(b, VRRP_A_PRIORITY, 50);
		a_u8(b, VRRP_A_EFFECTIVE_PRIORITY, 50);
		a_u16(b, VRRP_A_ADVERT_INTERVAL, 50);
		a_u16(b, VRRP_A_MASTER_ADVERT_INTERVAL, 100);
		a_u8(b, VRRP_A_PREEMPT, 0);
		a_u32(b, VRRP_A_PREEMPT_DELAY, 3000);
		a_u8(b, VRRP_A_ACCEPT, 1);
		a_addr(b, VRRP_A_GROUP, "ff02::12");
		a_u8(b, VRRP_A_CSUM_MODE, VRRP_CSUM_PSEUDO);
		a_u32(b, VRRP_A_GARP_COUNT, 1);
		a_u32(b, VRRP_A_GARP_INTERVAL, 10);
		a_u32(b, VRRP_A_GARP_REFRESH, 0);
		a_u32(b, VRRP_A_GARP_PERIOD, 0);
		a_u32(b, VRRP_A_GARP_PERIOD_COUNT, 1);
		a_addr(b, VRRP_A_PRIMARY_ADDR, "fe80::1");
		a_u8(b, VRRP_A_LAST_REASON, VRRP_REASON_TRACK);
		a_u8(b, VRRP_A_FAST_PREEMPT, 0);
		a_str(b, VRRP_A_SYNC_GROUP, "");
		n = nest_begin(b, VRRP_A_TRACKS);	/* empty */
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_VIPS);
		vip(b, "2001:db8::100", 64, 0);
		vip(b, "2001:db8::101", 128, 0);
		nest_end(b, n);
		n = nest_begin(b, VRRP_A_STATS);
		a_u64(b, VRRP_STATS_A_RCVD_ADVERTS, 42);
		a_u64(b, VRRP_STATS_A_TRANSITIONS, 1);
		nest_end(b, n);
	}
	msg_end(b, m);
}

static void event(struct buf *b, const char *name, uint32_t ifindex, int old,
		  int state, int reason, uint64_t ts, int prio, const char *group)
{
	size_t m = msg_begin(b, FAMILY_ID, 0, 0, VRRP_CMD_STATE_EVENT);

	a_str(b, VRRP_A_NAME, name);
	a_u32(b, VRRP_A_IFINDEX, ifindex);
	a_u8(b, VRRP_A_VRID, 51);
	a_u8(b, VRRP_A_FAMILY, AF_INET);
	a_u8(b, VRRP_A_OLD_STATE, old);
	a_u8(b, VRRP_A_STATE, state);
	a_u8(b, VRRP_A_REASON, reason);
	a_u64(b, VRRP_A_TIMESTAMP, ts);
	a_u8(b, VRRP_A_EFFECTIVE_PRIORITY, prio);
	if (group)
		a_str(b, VRRP_A_SYNC_GROUP, group);
	msg_end(b, m);
}

static void tracker_event(struct buf *b, const char *name, int ok, int stale,
			  const int32_t *value, uint64_t ts)
{
	size_t m = msg_begin(b, FAMILY_ID, 0, 0, VRRP_CMD_TRACKER_EVENT);

	a_str(b, VRRP_TRK_A_NAME, name);
	a_u8(b, VRRP_TRK_A_OK, ok);
	if (stale)
		attr(b, VRRP_TRK_A_STALE, NULL, 0);
	if (value)
		a_s32(b, VRRP_TRK_A_VALUE, *value);
	a_u64(b, VRRP_TRK_A_TIMESTAMP, ts);
	msg_end(b, m);
}

static int word_num(const char *w, const char *const *names, int n)
{
	int i;

	for (i = 0; i < n; i++)
		if (names[i] && !strcmp(w, names[i]))
			return i;
	return atoi(w);
}

/* FAKENL_EVENTS: the events of a file, in a process of their own. */
static void scripted_events(const char *path)
{
	static const char *const states[] = { "init", "backup", "master", "fault" };
	static const char *const reasons[] = {
		"none", "admin", "timer", "priority-0", "preempted", "higher-priority",
		"link", "owner", "track", "sync-group", "fast-preempt",
	};
	char line[256], w[7][64];
	struct buf *b;
	uint64_t ts = 1795600800000000000ULL;
	int32_t value;
	FILE *f;
	int n, i;
	pid_t pid = fork();

	if (pid) {		/* vrrpctl: reap the middle one, go on */
		if (pid > 0)
			waitpid(pid, NULL, 0);
		return;
	}
	if (fork())		/* the middle one: orphan the writer */
		_exit(0);
	b = calloc(1, sizeof(*b));
	f = fopen(path, "r");
	while (f && b && fgets(line, sizeof(line), f)) {
		n = sscanf(line, "%63s %63s %63s %63s %63s %63s %63s",
			   w[0], w[1], w[2], w[3], w[4], w[5], w[6]);
		ts += 1000000000ULL;
		if (n >= 1 && !strcmp(w[0], "sleep") && n >= 2) {
			struct timespec t = { atoi(w[1]) / 1000, atoi(w[1]) % 1000 * 1000000L };

			nanosleep(&t, NULL);
		} else if (n >= 6 && !strcmp(w[0], "state")) {
			event(b, w[1], 1, word_num(w[2], states, 4), word_num(w[3], states, 4),
			      word_num(w[4], reasons, 11), ts, atoi(w[5]), n >= 7 ? w[6] : NULL);
			send_buf(b);
		} else if (n >= 3 && !strcmp(w[0], "tracker")) {
			int stale = 0, has_value = 0;

			for (i = 3; i < n; i++) {
				if (!strcmp(w[i], "stale"))
					stale = 1;
				else if (!strcmp(w[i], "value") && i + 1 < n)
					value = atoi(w[++i]), has_value = 1;
			}
			tracker_event(b, w[1], !strcmp(w[2], "ok"), stale,
				      has_value ? &value : NULL, ts);
			send_buf(b);
		}
	}
	_exit(0);
}

static void events(void)
{
	struct buf *b;
	int32_t value = -3;

	if (getenv("FAKENL_EVENTS")) {
		scripted_events(getenv("FAKENL_EVENTS"));
		close(peer_fd);
		return;
	}
	b = calloc(1, sizeof(*b));
	event(b, "VI_1", 1, VRRP_STATE_INIT, VRRP_STATE_BACKUP, VRRP_REASON_ADMIN,
	      1795600799000000000ULL, 100, NULL);
	send_buf(b);
	event(b, "VI_1", 1, VRRP_STATE_BACKUP, VRRP_STATE_MASTER, VRRP_REASON_TIMER,
	      1795600800123456789ULL, 100, "G1");
	/* the device is gone: no name for ifindex 999; a reason from the future */
	event(b, "VI_1", 999, VRRP_STATE_MASTER, VRRP_STATE_INIT, 200,
	      1795600801000000001ULL, 100, "");
	send_buf(b);
	tracker_event(b, "chk_nginx", 0, 1, NULL, 1795600802000000000ULL);
	tracker_event(b, "chk_db", 1, 0, &value, 1795600803000000000ULL);
	send_buf(b);
	free(b);
	close(peer_fd);		/* vrrpctl monitor sees the end */
}

/* --- answers ---------------------------------------------------------- */

/* As netlink_ack(): the request echoed unless NETLINK_CAP_ACK, then TLVs. */
static void ack(struct buf *b, const struct nlmsghdr *req, int err,
		const char *extack)
{
	size_t m = msg_begin(b, NLMSG_ERROR, 0, req->nlmsg_seq, -1);
	struct nlmsgerr e = { .error = -err, .msg = *req };
	struct nlmsghdr *h;

	put(b, &e, sizeof(e));
	if (!cap_ack)
		put(b, (const char *)req + NLMSG_HDRLEN, req->nlmsg_len - NLMSG_HDRLEN);
	h = (struct nlmsghdr *)(b->data + m);
	if (cap_ack)
		h->nlmsg_flags |= NLM_F_CAPPED;
	if (extack && *extack && ext_ack) {
		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		a_str(b, NLMSGERR_ATTR_MSG, extack);
	}
	if (err && env_int("FAKENL_MISS") && ext_ack) {
		h->nlmsg_flags |= NLM_F_ACK_TLVS;
		a_u32(b, NLMSGERR_ATTR_MISS_TYPE, env_int("FAKENL_MISS"));
	}
	msg_end(b, m);
}

static void done(struct buf *b, const struct nlmsghdr *req, int err)
{
	size_t m = msg_begin(b, NLMSG_DONE, NLM_F_MULTI, req->nlmsg_seq, -1);
	int32_t e = -err;
	const char *extack = getenv("FAKENL_EXTACK");

	put(b, &e, sizeof(e));
	if (err && extack && ext_ack) {
		((struct nlmsghdr *)(b->data + m))->nlmsg_flags |= NLM_F_ACK_TLVS;
		a_str(b, NLMSGERR_ATTR_MSG, extack);
	}
	msg_end(b, m);
}

static void ctrl(struct buf *b, const struct nlmsghdr *req)
{
	size_t m, n, g;

	if (env_int("FAKENL_NOFAMILY")) {
		ack(b, req, ENOENT, NULL);
		return;
	}
	m = msg_begin(b, GENL_ID_CTRL, 0, req->nlmsg_seq, CTRL_CMD_NEWFAMILY);
	a_str(b, CTRL_ATTR_FAMILY_NAME, VRRP_GENL_NAME);
	a_u16(b, CTRL_ATTR_FAMILY_ID, FAMILY_ID);
	a_u32(b, CTRL_ATTR_VERSION, getenv("FAKENL_VERSION") ?
	      (uint32_t)env_int("FAKENL_VERSION") : VRRP_GENL_VERSION);
	n = nest_begin(b, CTRL_ATTR_MCAST_GROUPS);
	g = nest_begin(b, 1);
	a_str(b, CTRL_ATTR_MCAST_GRP_NAME, VRRP_MCGRP_EVENTS);
	a_u32(b, CTRL_ATTR_MCAST_GRP_ID, EVENTS_GRP);
	nest_end(b, g);
	nest_end(b, n);
	msg_end(b, m);
	send_buf(b);
	if (req->nlmsg_flags & NLM_F_ACK)
		ack(b, req, 0, NULL);
}

/* The decoded request, for FAKENL_LOG: "NEW flags=create,excl name=VI_1 ..." */
static const struct {
	const char *name;
	char kind;	/* 1 2 4 8: unsigned of that size, s: string, a: address, n: nest */
} attrs[VRRP_A_MAX + 1] = {
	[VRRP_A_NAME] = { "name", 's' },
	[VRRP_A_IFINDEX] = { "ifindex", '4' },
	[VRRP_A_IFNAME] = { "ifname", 's' },
	[VRRP_A_VRID] = { "vrid", '1' },
	[VRRP_A_VERSION] = { "version", '1' },
	[VRRP_A_FAMILY] = { "family", '1' },
	[VRRP_A_PRIORITY] = { "prio", '1' },
	[VRRP_A_ADVERT_INTERVAL] = { "advert_cs", '2' },
	[VRRP_A_PREEMPT] = { "preempt", '1' },
	[VRRP_A_PREEMPT_DELAY] = { "preempt_delay_ms", '4' },
	[VRRP_A_ACCEPT] = { "accept", '1' },
	[VRRP_A_GROUP] = { "group", 'a' },
	[VRRP_A_CSUM_MODE] = { "csum", '1' },
	[VRRP_A_GARP_COUNT] = { "garp_count", '4' },
	[VRRP_A_GARP_INTERVAL] = { "garp_interval_ms", '4' },
	[VRRP_A_GARP_REFRESH] = { "garp_refresh_ms", '4' },
	[VRRP_A_VIPS] = { "vips", 'n' },
	[VRRP_A_TRACKS] = { "tracks", 't' },
	[VRRP_A_FAST_PREEMPT] = { "fast_preempt", '1' },
	[VRRP_A_TRACK_PRIMARY] = { "track_primary", '1' },
	[VRRP_A_SYNC_GROUP] = { "sync_group", 's' },
	[VRRP_A_AUTH_TYPE] = { "auth_type", '1' },
	[VRRP_A_AUTH_DATA] = { "auth_data", 'b' },
	[VRRP_A_UNICAST_SRC] = { "unicast_src", 'A' },
	[VRRP_A_UNICAST_PEERS] = { "peers", 'p' },
	[VRRP_A_UNICAST_TTL] = { "unicast_ttl", '1' },
	[VRRP_A_VMAC] = { "vmac", '1' },
	[VRRP_A_GARP_PERIOD] = { "garp_period_ms", '4' },
	[VRRP_A_GARP_PERIOD_COUNT] = { "garp_period_count", '4' },
	[VRRP_A_ARBITER] = { "arbiter", 'A' },
	[VRRP_A_ARBITER_MODE] = { "arbiter_mode", '1' },
};

/* TRACKER_*: VRRP_TRK_A_* ('i': s32) */
static const struct {
	const char *name;
	char kind;
} trk_attrs[VRRP_TRK_A_MAX + 1] = {
	[VRRP_TRK_A_NAME] = { "name", 's' },
	[VRRP_TRK_A_WEIGHT] = { "weight", 'i' },
	[VRRP_TRK_A_FALL] = { "fall", '4' },
	[VRRP_TRK_A_RISE] = { "rise", '4' },
	[VRRP_TRK_A_TIMEOUT] = { "timeout_ms", '4' },
	[VRRP_TRK_A_RESULT] = { "result", '1' },
	[VRRP_TRK_A_VALUE] = { "value", 'i' },
	[VRRP_TRK_A_INIT] = { "init", '1' },
};

static void log_addr(FILE *f, const struct nlattr *a)
{
	char s[INET6_ADDRSTRLEN];
	int len = a->nla_len - NLA_HDRLEN;

	if ((len == 4 || len == 16) &&
	    inet_ntop(len == 4 ? AF_INET : AF_INET6, (const char *)a + NLA_HDRLEN, s, sizeof(s)))
		fputs(s, f);
	else
		fprintf(f, "BADLEN(%d)", len);
}

#define for_each_attr(a, head, len) \
	for (a = (const struct nlattr *)(head); \
	     (const char *)a + NLA_HDRLEN <= (const char *)(head) + (len) && \
	     a->nla_len >= NLA_HDRLEN && \
	     (const char *)a + a->nla_len <= (const char *)(head) + (len); \
	     a = (const struct nlattr *)((const char *)a + NLA_ALIGN(a->nla_len)))

static void log_vips(FILE *f, const struct nlattr *nest)
{
	const struct nlattr *v, *a;
	int t;

	if (!(nest->nla_type & NLA_F_NESTED))
		fputs("NOT-NESTED", f);
	for_each_attr(v, (const char *)nest + NLA_HDRLEN, nest->nla_len - NLA_HDRLEN) {
		fprintf(f, "%s", v == (const void *)((const char *)nest + NLA_HDRLEN) ? "" : ",");
		if ((v->nla_type & NLA_TYPE_MASK) != VRRP_A_VIP || !(v->nla_type & NLA_F_NESTED))
			fprintf(f, "BADVIP(%#x)", v->nla_type);
		for_each_attr(a, (const char *)v + NLA_HDRLEN, v->nla_len - NLA_HDRLEN) {
			t = a->nla_type & NLA_TYPE_MASK;
			if (t == VRRP_VIP_A_ADDR)
				log_addr(f, a);
			else if (t == VRRP_VIP_A_PREFIXLEN && a->nla_len == NLA_HDRLEN + 1)
				fprintf(f, "/%u", *((const uint8_t *)a + NLA_HDRLEN));
			else if (t == VRRP_VIP_A_EXCLUDED && a->nla_len == NLA_HDRLEN)
				fputs("/excluded", f);
			else if (t == VRRP_VIP_A_IFINDEX && a->nla_len == NLA_HDRLEN + 4)
				fprintf(f, "@if%u", *(const uint32_t *)((const char *)a + NLA_HDRLEN));
			else
				fprintf(f, "BADVIPATTR(%d,%d)", t, a->nla_len);
		}
	}
}

/* "tracks=chk_nginx/w-20/rev,if1/w0" or "tracks=" (an empty list) */
static void log_tracks(FILE *f, const struct nlattr *nest)
{
	const struct nlattr *e, *a;
	const char *p;
	int t, first = 1;

	if (!(nest->nla_type & NLA_F_NESTED))
		fputs("NOT-NESTED", f);
	for_each_attr(e, (const char *)nest + NLA_HDRLEN, nest->nla_len - NLA_HDRLEN) {
		fputs(first ? "" : ",", f);
		first = 0;
		if ((e->nla_type & NLA_TYPE_MASK) != VRRP_A_TRACK || !(e->nla_type & NLA_F_NESTED))
			fprintf(f, "BADTRACK(%#x)", e->nla_type);
		for_each_attr(a, (const char *)e + NLA_HDRLEN, e->nla_len - NLA_HDRLEN) {
			t = a->nla_type & NLA_TYPE_MASK;
			p = (const char *)a + NLA_HDRLEN;
			if (t == VRRP_TRACK_A_TRACKER && a->nla_len > NLA_HDRLEN &&
			    !p[a->nla_len - NLA_HDRLEN - 1])
				fputs(p, f);
			else if (t == VRRP_TRACK_A_IFINDEX && a->nla_len == NLA_HDRLEN + 4)
				fprintf(f, "if%u", *(const uint32_t *)p);
			else if (t == VRRP_TRACK_A_WEIGHT && a->nla_len == NLA_HDRLEN + 4)
				fprintf(f, "/w%d", *(const int32_t *)p);
			else if (t == VRRP_TRACK_A_REVERSE && a->nla_len == NLA_HDRLEN)
				fputs("/rev", f);
			else
				fprintf(f, "BADTRACKATTR(%d,%d)", t, a->nla_len);
		}
	}
}

/* "peers=10.0.0.2,10.0.0.3/min250/max255" or "peers=" (an empty list) */
static void log_peers(FILE *f, const struct nlattr *nest)
{
	const struct nlattr *e, *a;
	const uint8_t *p;
	int t, first = 1;

	if (!(nest->nla_type & NLA_F_NESTED))
		fputs("NOT-NESTED", f);
	for_each_attr(e, (const char *)nest + NLA_HDRLEN, nest->nla_len - NLA_HDRLEN) {
		fputs(first ? "" : ",", f);
		first = 0;
		if ((e->nla_type & NLA_TYPE_MASK) != VRRP_A_PEER || !(e->nla_type & NLA_F_NESTED))
			fprintf(f, "BADPEER(%#x)", e->nla_type);
		for_each_attr(a, (const char *)e + NLA_HDRLEN, e->nla_len - NLA_HDRLEN) {
			t = a->nla_type & NLA_TYPE_MASK;
			p = (const uint8_t *)a + NLA_HDRLEN;
			if (t == VRRP_PEER_A_ADDR)
				log_addr(f, a);
			else if (t == VRRP_PEER_A_MIN_TTL && a->nla_len == NLA_HDRLEN + 1)
				fprintf(f, "/min%u", *p);
			else if (t == VRRP_PEER_A_MAX_TTL && a->nla_len == NLA_HDRLEN + 1)
				fprintf(f, "/max%u", *p);
			else
				fprintf(f, "BADPEERATTR(%d,%d)", t, a->nla_len);
		}
	}
}

/* Binary: its length, then printable ASCII, else \xNN: "8:p\x20w\x22d\x00\x00\x00" */
static void log_binary(FILE *f, const uint8_t *p, int n)
{
	int i;

	fprintf(f, "%d:", n);
	for (i = 0; i < n; i++)
		fprintf(f, p[i] > ' ' && p[i] < 0x7f && p[i] != '"' && p[i] != '\\' ?
			"%c" : "\\x%02x", p[i]);
}

static void log_request(const struct nlmsghdr *req)
{
	static const char *const cmds[] = {
		[VRRP_CMD_INSTANCE_NEW] = "NEW", [VRRP_CMD_INSTANCE_SET] = "SET",
		[VRRP_CMD_INSTANCE_DEL] = "DEL", [VRRP_CMD_INSTANCE_GET] = "GET",
		[VRRP_CMD_STATS_GET] = "STATS",
		[VRRP_CMD_TRACKER_NEW] = "TRACKER_NEW", [VRRP_CMD_TRACKER_SET] = "TRACKER_SET",
		[VRRP_CMD_TRACKER_DEL] = "TRACKER_DEL", [VRRP_CMD_TRACKER_GET] = "TRACKER_GET",
		[VRRP_CMD_TRACKER_REPORT] = "TRACKER_REPORT",
	};
	const struct genlmsghdr *g = (const void *)((const char *)req + NLMSG_HDRLEN);
	const char *head = (const char *)g + GENL_HDRLEN;
	int len = req->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const char *path = getenv("FAKENL_LOG");
	const struct nlattr *a;
	const uint8_t *p;
	uint64_t v;
	int trk = g->cmd >= VRRP_CMD_TRACKER_NEW && g->cmd <= VRRP_CMD_TRACKER_EVENT;
	FILE *f;
	int t, n;

	if (!path || !(f = fopen(path, "a")))
		return;
	fprintf(f, "%s", g->cmd < sizeof(cmds) / sizeof(cmds[0]) && cmds[g->cmd] ?
		cmds[g->cmd] : "CMD?");
	if (g->version != VRRP_GENL_VERSION)
		fprintf(f, " BADVERSION(%u)", g->version);
	if ((req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP)
		fputs(" dump", f);
	if (req->nlmsg_flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP))
		fprintf(f, " flags=%#x", req->nlmsg_flags);
	for_each_attr(a, head, len) {
		const char *name;
		char kind;

		t = a->nla_type & NLA_TYPE_MASK;
		n = a->nla_len - NLA_HDRLEN;
		p = (const uint8_t *)a + NLA_HDRLEN;
		if (trk) {
			name = t <= VRRP_TRK_A_MAX ? trk_attrs[t].name : NULL;
			kind = name ? trk_attrs[t].kind : 0;
		} else {
			name = t <= VRRP_A_MAX ? attrs[t].name : NULL;
			kind = name ? attrs[t].kind : 0;
		}
		if (!name) {
			fprintf(f, " UNEXPECTED(%d)", t);
			continue;
		}
		fprintf(f, " %s=", name);
		switch (kind) {
		case 's':
			if (n < 1 || p[n - 1] || strlen((const char *)p) != (size_t)n - 1)
				fputs("BADSTRING", f);
			else
				fprintf(f, "%s", p);
			break;
		case 'a':
			log_addr(f, a);
			break;
		case 'A':	/* an address, or empty */
			if (n)
				log_addr(f, a);
			break;
		case 'b':
			log_binary(f, p, n);
			break;
		case 'p':
			log_peers(f, a);
			break;
		case 'n':
			log_vips(f, a);
			break;
		case 't':
			log_tracks(f, a);
			break;
		case 'i':
			if (n != 4)
				fprintf(f, "BADLEN(%d)", n);
			else
				fprintf(f, "%d", *(const int32_t *)p);
			break;
		default:
			if (n != kind - '0') {
				fprintf(f, "BADLEN(%d)", n);
				break;
			}
			v = 0;
			memcpy(&v, p, n);	/* little endian host */
			fprintf(f, "%llu", (unsigned long long)v);
		}
	}
	fputc('\n', f);
	fclose(f);
}

static int lookup_tracker(const struct nlmsghdr *req)
{
	const char *head = (const char *)req + NLMSG_HDRLEN + GENL_HDRLEN;
	int len = req->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *a;

	for_each_attr(a, head, len)
		if ((a->nla_type & NLA_TYPE_MASK) == VRRP_TRK_A_NAME) {
			if (!strcmp((const char *)a + NLA_HDRLEN, "chk_nginx"))
				return 1;
			if (!strcmp((const char *)a + NLA_HDRLEN, "chk_db"))
				return 2;
			if (!strcmp((const char *)a + NLA_HDRLEN, "chk_boot"))
				return 3;
			if (!strcmp((const char *)a + NLA_HDRLEN, "chk_fs"))
				return 4;
		}
	return 0;
}

static int instance_which(const char *name)
{
	static const struct {
		const char *name;
		int which;
	} known[] = {
		{ "VI_1", 1 }, { "VI_6", 6 }, { "VI_2", 2 }, { "VI_7", 7 },
		{ "VI_U", 'u' }, { "VI_M", 'm' }, { "VI_B", 'b' },
	};
	size_t i;

	for (i = 0; i < sizeof(known) / sizeof(known[0]); i++)
		if (!strcmp(name, known[i].name))
			return known[i].which;
	return 0;
}

static int lookup(const struct nlmsghdr *req)
{
	const char *head = (const char *)req + NLMSG_HDRLEN + GENL_HDRLEN;
	int len = req->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *a;

	for_each_attr(a, head, len)
		if ((a->nla_type & NLA_TYPE_MASK) == VRRP_A_NAME)
			return instance_which((const char *)a + NLA_HDRLEN);
	return 0;
}

/* Copy attribute @a (its header included) to @b. */
static void copy_attr(struct buf *b, const struct nlattr *a)
{
	put(b, a, a->nla_len);
}

/*
 * FAKENL_SPLIT: the one instance message in @one, as the kernel dumps an
 * instance with more VIPs than fit a message: all its attributes and the
 * first @per VIPs, then messages with NAME, IFINDEX, VRID, FAMILY,
 * VRRP_A_VIP_FIRST and the next @per VIPs; each sent in a datagram of its own.
 */
static void dump_split(struct buf *b, const struct buf *one, int per)
{
	static const int keys[] = { VRRP_A_NAME, VRRP_A_IFINDEX, VRRP_A_VRID, VRRP_A_FAMILY };
	const struct nlmsghdr *nlh = (const void *)one->data;
	const char *head = (const char *)nlh + NLMSG_HDRLEN + GENL_HDRLEN;
	int len = nlh->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const struct nlattr *a, *vips = NULL, *v;
	int first = 0, i, k, conts = 0;
	size_t m, n;

	for_each_attr(a, head, len)
		if ((a->nla_type & NLA_TYPE_MASK) == VRRP_A_VIPS)
			vips = a;
	do {
		m = msg_begin(b, FAMILY_ID, NLM_F_MULTI, nlh->nlmsg_seq, VRRP_CMD_INSTANCE_GET);
		for_each_attr(a, head, len) {
			k = a->nla_type & NLA_TYPE_MASK;
			if (k == VRRP_A_VIPS)
				continue;
			if (first == 0 || k == keys[0] || k == keys[1] || k == keys[2] ||
			    k == keys[3])
				copy_attr(b, a);
		}
		if (first) {
			conts++;
			a_u16(b, VRRP_A_VIP_FIRST,
			      first + (conts == 2 && env_int("FAKENL_SPLIT_BAD")));
		}
		i = 0;
		if (vips) {
			n = nest_begin(b, VRRP_A_VIPS);
			for_each_attr(v, (const char *)vips + NLA_HDRLEN, vips->nla_len - NLA_HDRLEN) {
				if (i >= first && i < first + per)
					copy_attr(b, v);
				i++;
			}
			nest_end(b, n);
		}
		msg_end(b, m);
		send_buf(b);
		first += per;
	} while (first < i);
}

/* FAKENL_DUMP, in one datagram as the kernel does (FAKENL_SPLIT: see dump_split) */
static void dump_instances(struct buf *b, uint32_t seq)
{
	static struct buf one;
	char names[256], *name, *save = NULL;
	const char *env = getenv("FAKENL_DUMP");
	int which, per = env_int("FAKENL_SPLIT");

	snprintf(names, sizeof(names), "%s", env ? env : "VI_1 VI_6");
	for (name = strtok_r(names, " ,", &save); name; name = strtok_r(NULL, " ,", &save)) {
		which = instance_which(name);
		if (!which)
			continue;
		if (per <= 0) {
			instance(b, which, seq, NLM_F_MULTI);
			continue;
		}
		one.len = 0;
		instance(&one, which, seq, NLM_F_MULTI);
		dump_split(b, &one, per);
	}
}

/* FAKENL_TRACKERS (chk_nginx chk_db chk_boot chk_fs), or the first two */
static void dump_trackers(struct buf *b, uint32_t seq)
{
	char names[256], *name, *save = NULL;
	const char *env = getenv("FAKENL_TRACKERS");

	snprintf(names, sizeof(names), "%s", env ? env : "chk_nginx chk_db");
	for (name = strtok_r(names, " ,", &save); name; name = strtok_r(NULL, " ,", &save)) {
		if (!strcmp(name, "chk_nginx"))
			tracker(b, 1, seq, NLM_F_MULTI);
		else if (!strcmp(name, "chk_db"))
			tracker(b, 2, seq, NLM_F_MULTI);
		else if (!strcmp(name, "chk_boot"))
			tracker(b, 3, seq, NLM_F_MULTI);
		else if (!strcmp(name, "chk_fs"))
			tracker(b, 4, seq, NLM_F_MULTI);
	}
}

/* FAKENL_REFUSE: does @req name it? */
static bool refused(const struct nlmsghdr *req, bool trk)
{
	const char *head = (const char *)req + NLMSG_HDRLEN + GENL_HDRLEN;
	int len = req->nlmsg_len - NLMSG_HDRLEN - GENL_HDRLEN;
	const char *name = getenv("FAKENL_REFUSE");
	const struct nlattr *a;

	if (!name)
		return false;
	for_each_attr(a, head, len)
		if ((a->nla_type & NLA_TYPE_MASK) == (trk ? VRRP_TRK_A_NAME : VRRP_A_NAME))
			return !strcmp((const char *)a + NLA_HDRLEN, name);
	return false;
}

static void vrrp(struct buf *b, const struct nlmsghdr *req)
{
	const struct genlmsghdr *g = (const void *)((const char *)req + NLMSG_HDRLEN);
	int err = env_int("FAKENL_ERR"), which;
	size_t m, n;

	log_request(req);
	/* vrrpctl sends no other request flags (the VM saw NLM_F_EXCL refused) */
	if (req->nlmsg_flags & ~(NLM_F_REQUEST | NLM_F_ACK |
				 (g->cmd == VRRP_CMD_INSTANCE_GET ||
				  g->cmd == VRRP_CMD_TRACKER_GET ? NLM_F_DUMP : 0))) {
		ack(b, req, EOPNOTSUPP, "fakenl: unexpected nlmsg_flags");
		return;
	}
	if (err) {
		ack(b, req, err, getenv("FAKENL_EXTACK"));
		return;
	}
	if ((g->cmd == VRRP_CMD_INSTANCE_NEW || g->cmd == VRRP_CMD_TRACKER_NEW) &&
	    refused(req, g->cmd == VRRP_CMD_TRACKER_NEW)) {
		ack(b, req, EINVAL, getenv("FAKENL_EXTACK") ? getenv("FAKENL_EXTACK") :
				    "fakenl: refused (FAKENL_REFUSE)");
		return;
	}
	switch (g->cmd) {
	case VRRP_CMD_INSTANCE_GET:
		if ((req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
			dump_instances(b, req->nlmsg_seq);
			send_buf(b);
			done(b, req, env_int("FAKENL_DUMPERR"));
			return;
		}
		which = lookup(req);
		if (!which) {
			ack(b, req, ENOENT, getenv("FAKENL_EXTACK"));
			return;
		}
		instance(b, which, req->nlmsg_seq, 0);
		send_buf(b);
		break;
	case VRRP_CMD_TRACKER_GET:
		if ((req->nlmsg_flags & NLM_F_DUMP) == NLM_F_DUMP) {
			dump_trackers(b, req->nlmsg_seq);
			send_buf(b);
			done(b, req, env_int("FAKENL_DUMPERR"));
			return;
		}
		which = lookup_tracker(req);
		if (!which) {
			ack(b, req, ENOENT, getenv("FAKENL_EXTACK"));
			return;
		}
		tracker(b, which, req->nlmsg_seq, 0);
		send_buf(b);
		break;
	case VRRP_CMD_STATS_GET:
		m = msg_begin(b, FAMILY_ID, 0, req->nlmsg_seq, VRRP_CMD_STATS_GET);
		n = nest_begin(b, VRRP_A_STATS);
		a_u64(b, VRRP_STATS_A_CHECKSUM_ERRORS, 1);
		a_u64(b, VRRP_STATS_A_VERSION_ERRORS, 2);
		a_u64(b, VRRP_STATS_A_VRID_ERRORS, 3);
		a_u64(b, VRRP_STATS_A_LENGTH_ERRORS, 4);
		nest_end(b, n);
		msg_end(b, m);
		send_buf(b);
		break;
	}
	if (req->nlmsg_flags & NLM_F_ACK)
		ack(b, req, 0, getenv("FAKENL_WARN"));
}

/* --- the intercepted calls ------------------------------------------- */

#define REAL(name) ((__typeof__(&name))dlsym(RTLD_NEXT, #name))

int socket(int domain, int type, int protocol)
{
	int sv[2], i;

	if (domain != AF_NETLINK || protocol != NETLINK_GENERIC)
		return REAL(socket)(domain, type, protocol);
	if (socketpair(AF_UNIX, SOCK_SEQPACKET | (type & SOCK_CLOEXEC), 0, sv) < 0)
		return -1;
	fcntl(sv[1], F_SETFD, FD_CLOEXEC);	/* no script keeps our peer open */
	for (i = 0; i < nsocks; i++)	/* a closed one's slot */
		if (fcntl(socks[i].fd, F_GETFD) < 0 || socks[i].fd == sv[0])
			break;
	if (i == MAX_SOCKS) {
		errno = EMFILE;
		return -1;
	}
	socks[i].fd = sv[0];
	socks[i].peer = sv[1];
	if (i == nsocks)
		nsocks++;
	return sv[0];
}

int bind(int fd, const struct sockaddr *addr, socklen_t len)
{
	return sock_peer(fd) >= 0 ? 0 : REAL(bind)(fd, addr, len);
}

int getsockname(int fd, struct sockaddr *addr, socklen_t *len)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK, .nl_pid = getpid() };

	if (sock_peer(fd) < 0)
		return REAL(getsockname)(fd, addr, len);
	memcpy(addr, &nl, sizeof(nl));
	*len = sizeof(nl);
	return 0;
}

int setsockopt(int fd, int level, int name, const void *val, socklen_t len)
{
	if (sock_peer(fd) < 0)
		return REAL(setsockopt)(fd, level, name, val, len);
	peer_fd = sock_peer(fd);
	if (level == SOL_NETLINK && name == NETLINK_EXT_ACK)
		ext_ack = *(const int *)val;
	if (level == SOL_NETLINK && name == NETLINK_CAP_ACK && !env_int("FAKENL_NOCAP"))
		cap_ack = *(const int *)val;
	if (level == SOL_NETLINK && name == NETLINK_ADD_MEMBERSHIP) {
		if (*(const int *)val != EVENTS_GRP) {
			errno = EINVAL;
			return -1;
		}
		events();
	}
	return 0;
}

ssize_t sendmsg(int fd, const struct msghdr *msg, int flags)
{
	static uint8_t in[1 << 16];
	struct buf *b;
	const struct nlmsghdr *req;
	size_t len = 0, i;
	ssize_t sent;

	if (sock_peer(fd) < 0)
		return REAL(sendmsg)(fd, msg, flags);
	peer_fd = sock_peer(fd);
	for (i = 0; i < msg->msg_iovlen; i++) {
		if (len + msg->msg_iov[i].iov_len > sizeof(in)) {
			errno = EMSGSIZE;
			return -1;
		}
		memcpy(in + len, msg->msg_iov[i].iov_base, msg->msg_iov[i].iov_len);
		len += msg->msg_iov[i].iov_len;
	}
	sent = len;
	b = calloc(1, sizeof(*b));
	for (req = (const void *)in; NLMSG_OK(req, len); req = NLMSG_NEXT(req, len)) {
		if (req->nlmsg_type == GENL_ID_CTRL)
			ctrl(b, req);
		else if (req->nlmsg_type == FAMILY_ID)
			vrrp(b, req);
		else
			ack(b, req, EOPNOTSUPP, NULL);
		if (b->len)
			send_buf(b);
	}
	free(b);
	return sent;
}

ssize_t recvmsg(int fd, struct msghdr *msg, int flags)
{
	struct sockaddr_nl nl = { .nl_family = AF_NETLINK };
	void *name = msg->msg_name;
	ssize_t n;

	if (sock_peer(fd) < 0)
		return REAL(recvmsg)(fd, msg, flags);
	msg->msg_name = NULL;
	msg->msg_namelen = 0;
	n = REAL(recvmsg)(fd, msg, flags);
	msg->msg_name = name;
	if (name) {
		memcpy(name, &nl, sizeof(nl));
		msg->msg_namelen = sizeof(nl);
	}
	return n;
}
