/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * vrrp.ko generic netlink interface: the contract between the kernel module
 * and vrrpctl. Family "vrrp", multicast group "events".
 *
 * Conventions:
 *  - Instances are named (like keepalived's VI_1) and live in one network
 *    namespace; the name is the key for SET/DEL/GET.
 *  - Addresses travel as raw network-order bytes (4 for IPv4, 16 for IPv6).
 *  - Mutating commands need CAP_NET_ADMIN in the netns's user namespace.
 *  - Every semantic failure carries an extack message.
 */
#ifndef _UAPI_LINUX_VRRP_H
#define _UAPI_LINUX_VRRP_H

#define VRRP_GENL_NAME		"vrrp"
/*
 * Raised when the family learns a command or attribute: vrrpctl compares it
 * with its own to say why an older module refuses something.
 *   1: 0.1.0 (names of at most 32 bytes)
 *   2: names up to VRRP_NAME_MAX, and every attribute added since 0.1.0
 *      (VIPs on another interface, split brain reports, ...)
 */
#define VRRP_GENL_VERSION	2
#define VRRP_MCGRP_EVENTS	"events"

#define VRRP_NAME_MAX		128	/* including the NUL (modules of 0.1.0 and older: 32) */
#define VRRP_VIP_MAX		1024	/* virtual addresses per instance */

/*
 * Names (instances, trackers, sync groups) are 1..VRRP_NAME_MAX-1 printable
 * ASCII characters other than space ('!'..'~').
 *
 * What one network namespace may create, whoever asks (a container's root
 * included); a request over a limit is refused with an extack message that
 * names it.
 */
#define VRRP_NETNS_INSTANCE_MAX	1024	/* instances per netns */
#define VRRP_NETNS_VIP_MAX	8192	/* VIPs of all instances of a netns */
#define VRRP_SYNC_MEMBER_MAX	32	/* instances per sync group */

/* Defaults, as RFC 9568 and keepalived use them. */
#define VRRP_DEFAULT_PRIORITY	100
#define VRRP_PRIORITY_OWNER	255
#define VRRP_DEFAULT_ADVERT_CS	100	/* centiseconds */
#define VRRP_MAX_ADVERT_CS	4095
#define VRRP_DEFAULT_GARP_COUNT	5
#define VRRP_DEFAULT_GARP_INTERVAL_MS	0
#define VRRP_DEFAULT_GARP_REFRESH_MS	5000	/* keepalived's garp_master_delay */
#define VRRP_DEFAULT_GARP_PERIOD_MS	0	/* keepalived's garp_master_refresh */
#define VRRP_DEFAULT_GARP_PERIOD_COUNT	1	/* garp_master_refresh_repeat */
#define VRRP_AUTH_DATA_LEN	8	/* VRRPv2 Authentication Data */
#define VRRP_PEER_MAX		64	/* unicast peers per instance */

enum vrrp_state {
	VRRP_STATE_INIT,
	VRRP_STATE_BACKUP,
	VRRP_STATE_MASTER,
	VRRP_STATE_FAULT,

	__VRRP_STATE_MAX,
	VRRP_STATE_MAX = (__VRRP_STATE_MAX - 1)
};

/* Why the last state transition happened. */
enum vrrp_reason {
	VRRP_REASON_NONE,
	VRRP_REASON_ADMIN,	/* instance added, set, deleted, module/netns exit */
	VRRP_REASON_TIMER,	/* Master_Down_Timer fired: the master went silent */
	VRRP_REASON_PRIO0,	/* the master resigned (priority 0 advert) */
	VRRP_REASON_PREEMPTED,	/* we preempted a lower-priority master */
	VRRP_REASON_HIGHER_PRIO, /* a higher-priority (or winning tie) master was seen */
	VRRP_REASON_LINK,	/* interface down/up or removed */
	VRRP_REASON_OWNER,	/* priority 255: address owner goes master at once */
	VRRP_REASON_TRACK,	/* a tracker or tracked interface with weight 0 failed/recovered */
	VRRP_REASON_SYNC_GROUP,	/* another member of the sync group moved */
	VRRP_REASON_FAST_PREEMPT, /* fast-preempt: our master advertised a lower priority */
	VRRP_REASON_ARBITER,	/* the arbiter became unreachable / reachable again */

	__VRRP_REASON_MAX,
	VRRP_REASON_MAX = (__VRRP_REASON_MAX - 1)
};

/*
 * IPv4 VRRPv3 checksum form to transmit. Both are accepted on receive.
 * VRRP_CSUM_AUTO (the default) sends the form of the last advert received
 * from another router of the VRID, the pseudo-header form until one is
 * heard: keepalived (vrrp_version 3) and FRR send that form and read no
 * other, and a router that reads only the RFC 9568 form becomes master for
 * a Master_Down_Interval, is heard, and is answered in its own form.
 * VRRP_A_CSUM_SENT tells which form an instance sends.
 */
enum vrrp_csum_mode {
	VRRP_CSUM_RFC,		/* RFC 9568: VRRP message only */
	VRRP_CSUM_PSEUDO,	/* with the IPv4 pseudo-header (keepalived's, FRR's) */
	VRRP_CSUM_AUTO,		/* the form the other routers send; see above */

	__VRRP_CSUM_MAX,
	VRRP_CSUM_MAX = (__VRRP_CSUM_MAX - 1)
};

/* VRRPv2 (RFC 3768 / 2338) Auth Type. Only for VRRP_A_VERSION 2. */
enum vrrp_auth_type {
	VRRP_AUTH_NONE,		/* 0: no authentication */
	VRRP_AUTH_PASS,		/* 1: simple text password (keepalived's PASS) */

	__VRRP_AUTH_MAX,
	VRRP_AUTH_MAX = (__VRRP_AUTH_MAX - 1)
};

enum {
	VRRP_CMD_UNSPEC,
	VRRP_CMD_INSTANCE_NEW,	/* create; NLM_F_EXCL semantics: a name in use fails */
	VRRP_CMD_INSTANCE_SET,	/* change attributes of an existing instance */
	VRRP_CMD_INSTANCE_DEL,
	VRRP_CMD_INSTANCE_GET,	/* doit by name, or dump all */
	VRRP_CMD_STATS_GET,	/* router-wide counters of this netns */
	VRRP_CMD_STATE_EVENT,	/* notification on the "events" group */
	VRRP_CMD_TRACKER_NEW,	/* VRRP_TRK_A_*: create a named tracker */
	VRRP_CMD_TRACKER_SET,	/* change weight/fall/rise/timeout */
	VRRP_CMD_TRACKER_DEL,	/* fails with EBUSY while an instance tracks it */
	VRRP_CMD_TRACKER_GET,	/* doit by name, or dump all */
	VRRP_CMD_TRACKER_REPORT, /* NAME + RESULT (a check ran) or NAME + VALUE */
	VRRP_CMD_TRACKER_EVENT,	/* "events" group: a tracker's status or value changed */
	/*
	 * "events" group: split brain seen (see VRRP_A_CONFLICT): NAME,
	 * IFINDEX, VRID, FAMILY, TIMESTAMP and one VRRP_A_CONFLICT or
	 * VRRP_A_MISMATCH nest
	 */
	VRRP_CMD_CONFLICT_EVENT,

	__VRRP_CMD_MAX,
	VRRP_CMD_MAX = (__VRRP_CMD_MAX - 1)
};

enum {
	VRRP_A_UNSPEC,
	VRRP_A_PAD,
	VRRP_A_NAME,		/* string, < VRRP_NAME_MAX */
	VRRP_A_IFINDEX,		/* u32 */
	VRRP_A_IFNAME,		/* string, output only */
	VRRP_A_VRID,		/* u8, 1..255 */
	VRRP_A_VERSION,		/* u8, 2 or 3 (default); fixed at creation */
	VRRP_A_FAMILY,		/* u8, AF_INET (default) or AF_INET6; fixed */
	VRRP_A_PRIORITY,	/* u8, 1..255, configured */
	VRRP_A_EFFECTIVE_PRIORITY, /* u8, output only */
	VRRP_A_ADVERT_INTERVAL,	/* u16, centiseconds, 1..4095 */
	VRRP_A_MASTER_ADVERT_INTERVAL, /* u16, centiseconds, output only */
	VRRP_A_PREEMPT,		/* u8 bool, default 1 */
	VRRP_A_PREEMPT_DELAY,	/* u32, milliseconds, default 0 */
	VRRP_A_ACCEPT,		/* u8 bool, default 1: see below */
	VRRP_A_GROUP,		/* binary, multicast group; default 224.0.0.18 / ff02::12 */
	VRRP_A_CSUM_MODE,	/* u8, enum vrrp_csum_mode, default AUTO */
	VRRP_A_GARP_COUNT,	/* u32, GARPs per burst, 1..100 */
	VRRP_A_GARP_INTERVAL,	/* u32, ms between GARPs of a burst (0: back to back) */
	VRRP_A_GARP_REFRESH,	/* u32, ms until the second burst (0: none) */
	VRRP_A_VIPS,		/* nest of VRRP_A_VIP; SET replaces the whole list */
	VRRP_A_STATE,		/* u8, enum vrrp_state, output only */
	VRRP_A_LAST_REASON,	/* u8, enum vrrp_reason, output only */
	VRRP_A_MASTER_ADDR,	/* binary, current master's address (output only) */
	VRRP_A_PRIMARY_ADDR,	/* binary, our advert source address (output only) */
	VRRP_A_STATS,		/* nest of VRRP_STATS_A_*, output only */
	VRRP_A_OLD_STATE,	/* u8, in VRRP_CMD_STATE_EVENT */
	VRRP_A_REASON,		/* u8, enum vrrp_reason, in VRRP_CMD_STATE_EVENT */
	VRRP_A_TIMESTAMP,	/* u64, CLOCK_REALTIME ns, in VRRP_CMD_STATE_EVENT */
	VRRP_A_TRACKS,		/* nest of VRRP_A_TRACK; SET replaces the whole list */
	VRRP_A_FAST_PREEMPT,	/* u8 bool, default 0: see below */
	VRRP_A_SYNC_GROUP,	/* string, < VRRP_NAME_MAX; "" leaves the group */
	VRRP_A_FAULT,		/* u32, VRRP_FAULT_* bits, output only */
	VRRP_A_AUTH_TYPE,	/* u8, enum vrrp_auth_type, version 2 only; default NONE */
	VRRP_A_AUTH_DATA,	/* binary, <= 8 bytes: the PASS password; see below */
	VRRP_A_UNICAST_SRC,	/* binary, 4 / 16 bytes, the advert source; empty: primary */
	VRRP_A_UNICAST_PEERS,	/* nest of VRRP_A_PEER; SET replaces, empty = multicast */
	VRRP_A_UNICAST_TTL,	/* u8, TTL / hop limit of unicast adverts, default 255 */
	VRRP_A_VMAC,		/* u8 bool, default 0: virtual MAC (RFC) mode, see below */
	VRRP_A_VMAC_ADDR,	/* binary, 6 bytes, output only: 00-00-5e-00-0{1,2}-VRID */
	VRRP_A_VIP_FIRST,	/* u16, output only, dumps: see below */
	VRRP_A_CSUM_SENT,	/* u8, enum vrrp_csum_mode, output only (IPv4 v3) */
	VRRP_A_GARP_PERIOD,	/* u32, ms between refresh bursts while Master: see below */
	VRRP_A_GARP_PERIOD_COUNT, /* u32, GARPs per refresh burst, 1..100, default 1 */
	VRRP_A_ARBITER,		/* binary, 4 / 16 bytes; empty: none. See below */
	VRRP_A_ARBITER_MODE,	/* u8, enum vrrp_arbiter_mode, default CONFLICT */
	VRRP_A_ARBITER_STATE,	/* u8, enum vrrp_arbiter_state, output only */
	VRRP_A_CONFLICT,	/* nest of VRRP_CONFLICT_A_*, output only: see below */
	VRRP_A_MISMATCH,	/* nest of VRRP_CONFLICT_A_*, output only: see below */
	VRRP_A_TRACK_PRIMARY,	/* u8 bool, default 1: see below */

	__VRRP_A_MAX,
	VRRP_A_MAX = (__VRRP_A_MAX - 1)
};

/* Inside VRRP_A_VIPS. */
enum {
	VRRP_VIP_A_UNSPEC,
	VRRP_VIP_A_ADDR,	/* binary, 4 or 16 bytes */
	VRRP_VIP_A_PREFIXLEN,	/* u8, default 32 / 128 */
	VRRP_VIP_A_INSTALLED,	/* flag, output only: currently on the interface */
	VRRP_VIP_A_EXCLUDED,	/* flag: installed and announced, not in adverts */
	VRRP_VIP_A_IFINDEX,	/* u32: the interface it goes on; 0 or absent:
				 * the instance's (see below)
				 */

	__VRRP_VIP_A_MAX,
	VRRP_VIP_A_MAX = (__VRRP_VIP_A_MAX - 1)
};

#define VRRP_A_VIP		1	/* the type of each element of VRRP_A_VIPS */

/*
 * An excluded VIP (VRRP_VIP_A_EXCLUDED, keepalived's
 * virtual_ipaddress_excluded) is installed, removed and announced like the
 * others, but not listed in adverts: at least one VIP must not be excluded,
 * and for IPv6 the first one that is not must be link-local. Received
 * adverts are not compared with the VIP list.
 */

/*
 * A VIP with VRRP_VIP_A_IFINDEX (keepalived's "dev IFNAME" in
 * virtual_ipaddress) is installed on that interface of the instance's netns
 * while the instance is Master, and announced there (gratuitous ARP or
 * unsolicited NA with that interface's own MAC address, never the virtual
 * MAC); it is listed in adverts like any other. The interface must exist
 * when the VIP is configured and have IPv4 (IPv6) configuration; a loopback
 * is allowed (nothing is announced on it). The VIP follows the ifindex:
 * while that interface is down or gone the VIP is not installed (logged
 * once per event) and the instance is not faulted (track it for that); it
 * is installed again when an interface with that ifindex is up while Master;
 * the other settings of the instance can still change meanwhile. Reloading a
 * configuration resolves the name again.
 */

/*
 * An instance whose VIP list does not fit one dump message is dumped in
 * several: the first carries every attribute and the first VIPs; each
 * following one carries NAME, IFINDEX, VRID, FAMILY, VRRP_A_VIP_FIRST (the
 * index of its first VIP, > 0) and the next VIPs, and continues the message
 * before it. A dump that raced with a change is flagged NLM_F_DUMP_INTR.
 */

/*
 * Announcements (gratuitous ARPs, IPv6 unsolicited NAs with the Override
 * flag), one per VIP per round, counted in VRRP_STATS_A_SENT_GARPS:
 *  - on becoming Master, and when a Master's VIP list changes: a burst of
 *    VRRP_A_GARP_COUNT rounds, VRRP_A_GARP_INTERVAL apart;
 *  - VRRP_A_GARP_REFRESH ms after that burst (keepalived's
 *    garp_master_delay): one more such burst;
 *  - then, while Master, every VRRP_A_GARP_PERIOD ms (keepalived's
 *    garp_master_refresh; 0, the default: never; else 1000..86400000) a
 *    refresh burst of VRRP_A_GARP_PERIOD_COUNT rounds (keepalived's
 *    garp_master_refresh_repeat), VRRP_A_GARP_INTERVAL apart. Each period
 *    counts from the end of the burst before it, so the first refresh comes
 *    VRRP_A_GARP_REFRESH + VRRP_A_GARP_PERIOD after becoming Master, as in
 *    keepalived. Leaving Master stops it; a SET that changes the period
 *    while no burst is due restarts the wait with the new period.
 * Bursts of many VIPs are sent in passes of a bounded number of frames.
 */

/*
 * IPv6 instances (RFC 9568): adverts go from the interface's link-local
 * address to ff02::12 with hop limit 255; the first VIP must be a
 * link-local address (it is the first address in the advert). VIPs are
 * installed without DAD (IFA_F_NODAD) and announced with unsolicited
 * Neighbor Advertisements (Override, Router when forwarding is on, target
 * link-layer address option). An IPv4 and an IPv6 instance may share a VRID.
 *
 * VRRPv2 (RFC 3768): IPv4 only; VRRP_A_ADVERT_INTERVAL in whole seconds
 * (a multiple of 100 centiseconds, 1..255 s); checksum over the VRRP
 * message only (VRRP_A_CSUM_MODE does not apply). An advert whose interval
 * differs from ours is discarded (adv_interval_errors). Auth Type and, for
 * PASS, the 8 Authentication Data bytes must match ours exactly:
 * VRRP_A_AUTH_DATA is zero-padded (or must be at most 8 bytes), as
 * keepalived truncates auth_pass to 8 characters. The password is returned
 * by INSTANCE_GET only to callers with CAP_NET_ADMIN, never in events;
 * VRRP_A_AUTH_TYPE always is.
 *
 * Unicast (keepalived's unicast_peer): with VRRP_A_UNICAST_PEERS set, adverts
 * are routed to each peer (from VRRP_A_UNICAST_SRC, else the primary
 * address, with VRRP_A_UNICAST_TTL) instead of the group, no group is
 * joined, and received adverts are accepted only from a listed peer
 * (others: source_errors). TTL / hop limit 255 is not required of unicast
 * adverts, which may be routed; a peer's optional MIN_TTL / MAX_TTL range is
 * checked instead (ip_ttl_errors), as keepalived's min_ttl / max_ttl.
 *
 * The advert source (VRRP_A_UNICAST_SRC, keepalived's unicast_src_ip and
 * mcast_src_ip), despite its name, applies to multicast adverts too (since
 * 0.2; before, they went from the primary address): there it must be an
 * address of the instance's interface, and for IPv6 a link-local one (RFC
 * 9568), else NEW / SET refuse it (extack). Should it leave the interface
 * later, multicast adverts go from the primary address until it is back.
 *
 * Virtual MAC (VRRP_A_VMAC, RFC 9568 7.3): while Master, the instance's
 * interface also receives frames for 00-00-5e-00-01-VRID (IPv6:
 * 00-00-5e-00-02-VRID); multicast adverts, gratuitous ARPs, unsolicited NAs
 * and the kernel's ARP replies and solicited NAs for the VIPs carry that
 * address, so neighbours never relearn anything on failover. No extra
 * interface is created. Unicast adverts, which are routed, use the
 * interface address.
 *
 * Own interface (VRRP_A_TRACK_PRIMARY): with 1, the default, an instance is
 * in FAULT (VRRP_FAULT_LINK) while its interface is down or has no carrier.
 * With 0 (keepalived's dont_track_primary), losing the carrier is ignored:
 * the instance keeps its state and its VIPs; an interface administratively
 * down (or going away) still means FAULT, as nothing can be sent from it.
 *
 * Accept mode (VRRP_A_ACCEPT, RFC 9568 6.1) is on unless asked otherwise:
 * the Master delivers packets sent to the VIPs locally, so a service bound
 * to a VIP serves (keepalived, FRR and FreeBSD's carp do the same). With 0,
 * RFC 9568's router behaviour: packets to a VIP are dropped unless the
 * priority is 255 (the address owner), Neighbor Discovery excepted.
 */

/*
 * Inside VRRP_A_TRACKS: what an instance tracks. Each element names either a
 * tracker (VRRP_TRACK_A_TRACKER) or an interface (VRRP_TRACK_A_IFINDEX).
 *
 * Priority arithmetic, as keepalived's: each element contributes
 *   weight > 0: +weight while OK, 0 while failed
 *   weight < 0: 0 while OK, weight (negative) while failed
 *   weight 0:   nothing; while failed the instance is in FAULT
 * "reverse" negates the contribution (keepalived's weight multiplier -1)
 * and, for weight 0, makes OK the fault. A tracker given a value
 * (VRRP_TRK_A_VALUE, "vrrpctl weight") contributes, while OK, value times
 * the element's VRRP_TRACK_A_WEIGHT (1 if the element gives none), negated
 * by "reverse"; an element weight of 0 makes a non-zero value a fault (as
 * keepalived's track_file). While failed (stale, or FALL failed reports)
 * the rules above apply with the tracker's weight.
 * A tracker not yet reported (VRRP_TRK_STATE_INIT, see VRRP_TRK_A_INIT)
 * contributes 0 whatever its weight and "reverse"; with weight 0 it holds
 * the instance in FAULT (VRRP_FAULT_INIT) until its first report, as
 * keepalived holds an instance whose weight-0 vrrp_script has not exited
 * yet.
 * Effective priority = clamp(priority + sum, 1, 254); an owner (255) is
 * never adjusted. An interface is OK while it is up with carrier.
 */
enum {
	VRRP_TRACK_A_UNSPEC,
	VRRP_TRACK_A_TRACKER,	/* string: tracker name */
	VRRP_TRACK_A_IFINDEX,	/* u32: tracked interface */
	/* s32, -254..254: overrides the tracker's weight; an interface's weight (default 0) */
	VRRP_TRACK_A_WEIGHT,
	VRRP_TRACK_A_REVERSE,	/* flag */
	VRRP_TRACK_A_IFNAME,	/* string, output only */
	VRRP_TRACK_A_OK,	/* u8 bool, output only: the element's status */
	VRRP_TRACK_A_CONTRIB,	/* s32, output only: what it adds to the priority */
	VRRP_TRACK_A_STATE,	/* u8, enum vrrp_trk_state, output only */

	__VRRP_TRACK_A_MAX,
	VRRP_TRACK_A_MAX = (__VRRP_TRACK_A_MAX - 1)
};

/* Inside VRRP_A_UNICAST_PEERS. */
enum {
	VRRP_PEER_A_UNSPEC,
	VRRP_PEER_A_ADDR,	/* binary, 4 or 16 bytes, the instance's family */
	VRRP_PEER_A_MIN_TTL,	/* u8, default 0 */
	VRRP_PEER_A_MAX_TTL,	/* u8, default 255 */

	__VRRP_PEER_A_MAX,
	VRRP_PEER_A_MAX = (__VRRP_PEER_A_MAX - 1)
};

#define VRRP_A_PEER		1	/* the type of each element of VRRP_A_UNICAST_PEERS */

#define VRRP_A_TRACK		1	/* the type of each element of VRRP_A_TRACKS */
#define VRRP_TRACK_MAX		32	/* elements per instance */

/* VRRP_A_FAULT: why an instance is in FAULT (several may hold). */
#define VRRP_FAULT_LINK		(1U << 0)	/* its own interface is down */
#define VRRP_FAULT_TRACK	(1U << 1)	/* a weight-0 element failed */
#define VRRP_FAULT_SYNC		(1U << 2)	/* another sync group member is in FAULT */
#define VRRP_FAULT_INIT		(1U << 3)	/* a weight-0 tracker has not reported yet */
#define VRRP_FAULT_ARBITER	(1U << 4)	/* the arbiter is unreachable: see below */

/*
 * The arbiter (VRRP_A_ARBITER, an extension): an address on the instance's
 * link that a node holding the VIP must be able to reach, usually the
 * gateway. Once a second, whatever the state, the instance sends an ARP
 * request (IPv6: a Neighbor Solicitation) for it from its primary address
 * and watches the neighbour layer's entry: a reply, or any other
 * confirmation the neighbour layer records (TCP progress through the
 * gateway), makes it reachable; none for VRRP_ARBITER_WINDOW_MS makes it
 * unreachable. The probes go through the neighbour layer's own tables and
 * the host's ARP/ND settings; the arbiter is never a VIP's owner.
 *  - VRRP_ARBITER_CONFLICT (default): an unreachable arbiter changes
 *    nothing by itself. A Master that sees a conflict for its VIPs (another
 *    holder, split brain) while its arbiter is unreachable goes to FAULT
 *    (VRRP_FAULT_ARBITER, reason "arbiter"): it sends priority 0 and drops
 *    the VIPs, so the node that reaches the arbiter keeps them. It stays in
 *    FAULT until the arbiter is reachable again. When both nodes reach the
 *    arbiter, or neither does, the arbiter cannot settle anything: both stay
 *    Master and the conflict stays reported.
 *  - VRRP_ARBITER_FAULT: an unreachable arbiter is a fault by itself, as a
 *    gateway-ping vrrp_script with weight 0 would be.
 * The state starts VRRP_ARBITER_UNKNOWN (no confirmation yet, the window
 * not over), which is no fault.
 */
enum vrrp_arbiter_mode {
	VRRP_ARBITER_CONFLICT,	/* step down on a conflict while unreachable */
	VRRP_ARBITER_FAULT,	/* unreachable = FAULT */

	__VRRP_ARBITER_MAX,
	VRRP_ARBITER_MAX = (__VRRP_ARBITER_MAX - 1)
};

enum vrrp_arbiter_state {
	VRRP_ARBITER_NONE,	/* no arbiter configured */
	VRRP_ARBITER_UNKNOWN,
	VRRP_ARBITER_REACHABLE,
	VRRP_ARBITER_UNREACHABLE,
};

#define VRRP_ARBITER_PROBE_MS	1000
#define VRRP_ARBITER_WINDOW_MS	3500	/* three probes unanswered */

/*
 * VRRP_A_FAST_PREEMPT (extension, off by default): a Backup with preempt
 * that receives an advert from its master with a priority lower than its
 * own takes over at once, instead of ignoring it and waiting out
 * Master_Down_Interval. The outcome is the RFC's, without the wait.
 *
 * VRRP_A_SYNC_GROUP, as keepalived's vrrp_sync_group: when a member becomes
 * Master the other members in Backup follow at once; when a Master member
 * goes to Backup the other Masters follow (sending priority 0); while any
 * member is in FAULT of its own, all members are in FAULT.
 */

/*
 * Trackers: named health indicators of a network namespace, fed by scripts
 * (vrrpctl track / weight) and tracked by instances (VRRP_A_TRACKS).
 * A tracker starts as VRRP_TRK_A_INIT says, OK by default. After FALL
 * consecutive failed reports it is failed; after RISE consecutive good
 * reports it is OK again. With a TIMEOUT, a tracker nobody reported on for
 * that long is failed at once (a dead cron job never keeps a broken node
 * master); the next report counts as usual. A VALUE report sets the
 * tracker's value (see VRRP_A_TRACKS) and counts as a good report. Any
 * report restarts the TIMEOUT, which runs from the creation on.
 *
 * VRRP_TRK_INIT_UNKNOWN is keepalived's vrrp_script: the tracker is "not
 * yet reported" (VRRP_TRK_STATE_INIT) until its first report, which alone
 * makes it OK or failed whatever FALL and RISE say, or until TIMEOUT makes
 * it failed (stale). VRRP_TRK_INIT_FAIL is keepalived's init_fail: failed,
 * RISE good reports to OK. "vrrpctl load" asks for keepalived's.
 */
enum {
	VRRP_TRK_A_UNSPEC,
	VRRP_TRK_A_PAD,
	VRRP_TRK_A_NAME,	/* string, < VRRP_NAME_MAX */
	VRRP_TRK_A_WEIGHT,	/* s32, -254..254, default 0 (failure = FAULT) */
	VRRP_TRK_A_FALL,	/* u32, 1..255, default 1 */
	VRRP_TRK_A_RISE,	/* u32, 1..255, default 1 */
	VRRP_TRK_A_TIMEOUT,	/* u32, ms, 0 (default) = never stale */
	VRRP_TRK_A_RESULT,	/* u8 bool, REPORT: 1 = the check passed */
	VRRP_TRK_A_VALUE,	/* s32, -254..254, REPORT; output when set */
	VRRP_TRK_A_OK,		/* u8 bool, output only: current status */
	VRRP_TRK_A_STALE,	/* flag, output only: failed by timeout */
	VRRP_TRK_A_AGE,		/* u32, ms since the last report (if any), output only */
	VRRP_TRK_A_USERS,	/* u32, instances tracking it, output only */
	VRRP_TRK_A_REPORTS_OK,	/* u64, output only */
	VRRP_TRK_A_REPORTS_FAIL, /* u64, output only */
	VRRP_TRK_A_TIMESTAMP,	/* u64, CLOCK_REALTIME ns, in TRACKER_EVENT */
	VRRP_TRK_A_INIT,	/* u8, enum vrrp_trk_init, NEW only (default OK); output */
	VRRP_TRK_A_STATE,	/* u8, enum vrrp_trk_state, output only */

	__VRRP_TRK_A_MAX,
	VRRP_TRK_A_MAX = (__VRRP_TRK_A_MAX - 1)
};

/* VRRP_TRK_A_INIT: a tracker's status from its creation to its first report. */
enum vrrp_trk_init {
	VRRP_TRK_INIT_OK,	/* OK (the default) */
	VRRP_TRK_INIT_FAIL,	/* failed (keepalived's init_fail) */
	VRRP_TRK_INIT_UNKNOWN,	/* not yet reported (keepalived's vrrp_script) */

	__VRRP_TRK_INIT_MAX,
	VRRP_TRK_INIT_MAX = (__VRRP_TRK_INIT_MAX - 1)
};

/* VRRP_TRK_A_STATE, VRRP_TRACK_A_STATE (VRRP_TRK_A_OK is 1 for OK only). */
enum vrrp_trk_state {
	VRRP_TRK_STATE_FAILED,
	VRRP_TRK_STATE_OK,
	VRRP_TRK_STATE_INIT,	/* not yet reported (VRRP_TRK_INIT_UNKNOWN) */

	__VRRP_TRK_STATE_MAX,
	VRRP_TRK_STATE_MAX = (__VRRP_TRK_STATE_MAX - 1)
};

#define VRRP_TRACKER_MAX	256	/* trackers per netns */
#define VRRP_WEIGHT_MAX		254

/*
 * Counters, all u64. Per instance: the RFC 6527 vrrpv3StatisticsTable plus
 * ours. Router-wide (VRRP_CMD_STATS_GET): the RFC 6527 router counters.
 * Receive validation order: length >= 8 (router), version (router), VRID
 * lookup (router), then destination (not ours: dropped, not counted),
 * source (unicast peer), TTL, count, length, checksum (router), type,
 * interval, then for VRRPv2 auth type and auth data; each error is charged
 * to the instance the advert was for, and the advert dropped. Two rules
 * of the sender are counted without dropping (the advert still takes part
 * in the election: dropping it would make two masters): an IPv6 source
 * that is not link-local (source_errors) and a first IPv6 address that is
 * not link-local (address_list_errors).
 */
enum {
	VRRP_STATS_A_UNSPEC,
	VRRP_STATS_A_PAD,
	/* per instance, RFC 6527 */
	VRRP_STATS_A_MASTER_TRANSITIONS,
	VRRP_STATS_A_RCVD_ADVERTS,
	VRRP_STATS_A_ADV_INTERVAL_ERRORS,
	VRRP_STATS_A_IP_TTL_ERRORS,
	VRRP_STATS_A_RCVD_PRI0,
	VRRP_STATS_A_SENT_PRI0,
	VRRP_STATS_A_RCVD_INVALID_TYPE,
	VRRP_STATS_A_ADDRESS_LIST_ERRORS,
	VRRP_STATS_A_PACKET_LENGTH_ERRORS,
	/* per instance, ours */
	VRRP_STATS_A_SENT_ADVERTS,
	VRRP_STATS_A_SENT_GARPS,	/* gratuitous ARPs and unsolicited NAs */
	VRRP_STATS_A_CSUM_RFC,		/* received with the RFC 9568 checksum */
	VRRP_STATS_A_CSUM_PSEUDO,	/* received with the pseudo-header checksum */
	VRRP_STATS_A_TRANSITIONS,	/* all state changes */
	/* router-wide, RFC 6527 */
	VRRP_STATS_A_CHECKSUM_ERRORS,
	VRRP_STATS_A_VERSION_ERRORS,
	VRRP_STATS_A_VRID_ERRORS,
	/* router-wide, ours: too short to name a VRID */
	VRRP_STATS_A_LENGTH_ERRORS,
	/*
	 * per instance, ours: Master_Down_Timer fired late (softirqs held up)
	 * and gave the receive backlog one more advert interval
	 */
	VRRP_STATS_A_DOWN_TIMER_LATE,
	/* per instance, RFC 2787 (VRRPv2) */
	VRRP_STATS_A_AUTH_FAILURES,	/* PASS: wrong password */
	VRRP_STATS_A_INVALID_AUTH_TYPE,	/* an auth type we do not know */
	VRRP_STATS_A_AUTH_TYPE_MISMATCH, /* a known auth type, not ours */
	/*
	 * per instance, ours: the source is not a configured unicast peer
	 * (dropped), or (IPv6 multicast) not a link-local address (counted,
	 * still taken)
	 */
	VRRP_STATS_A_SOURCE_ERRORS,
	/* per instance, ours: split brain (see VRRP_A_CONFLICT) */
	VRRP_STATS_A_VIP_CONFLICTS,	/* VRRP_CONFLICT_ARP / _ND episodes */
	VRRP_STATS_A_ONE_WAY,		/* VRRP_CONFLICT_ONE_WAY episodes */
	VRRP_STATS_A_MISMATCHES,	/* VRRP_A_MISMATCH episodes */

	__VRRP_STATS_A_MAX,
	VRRP_STATS_A_MAX = (__VRRP_STATS_A_MAX - 1)
};

/*
 * Split brain: what an instance sees of another router that takes, or
 * would take, its VIPs. Each is a record of the last one seen, an episode
 * counter and an event (VRRP_CMD_CONFLICT_EVENT) when an episode starts
 * or what it is about changes (at most one a second per record).
 *
 * VRRP_A_CONFLICT, while Master only (a Backup never reports one):
 *  - VRRP_CONFLICT_ARP: an ARP packet (request, reply, gratuitous) received
 *    on the instance's interface whose sender protocol address is one of
 *    our installed VIPs and whose sender hardware address is neither the
 *    interface's nor our virtual MAC: another node holds the VIP. This
 *    needs no VRRP packet between the two (a firewall dropping protocol
 *    112, another VRID, another group). Claims from the sender of a valid
 *    advert of the VRID received in the last 3 advert intervals are left to
 *    the election (and to VRRP_CONFLICT_ONE_WAY).
 *  - VRRP_CONFLICT_ND: the same for IPv6: a Neighbor Advertisement whose
 *    target, or a Neighbor Solicitation whose source, is one of our VIPs,
 *    from an Ethernet source that is not ours.
 *  - VRRP_CONFLICT_ONE_WAY: 3 adverts in a row, each within 2 advert
 *    intervals of the one before, from another router that claims master
 *    for the VRID with a lower priority (or loses the tie) while we sent
 *    at least 2 adverts: it does not hear us (RFC 9568 settles two masters that
 *    hear each other in one exchange).
 *    VRRP_CONFLICT_A_HINT says which of our counters may tell why.
 * VRRP_A_MISMATCH: an advert for our VRID from another router, taken or
 * discarded, whose configuration differs from ours (VRRP_MISMATCH_* bits;
 * RFC 9568 says MAY log). Version, authentication and VRRPv2 interval
 * mismatches are discarded adverts (counted as before); a different VIP
 * list, VRRPv3 interval or checksum form, and an IPv6 first address that
 * is not link-local (a sender's rule, RFC 9568 5.2.9; FRR configured as
 * its documentation shows breaks it) still take part in the election.
 *
 * A record is active while its last packet is less than 5 advert
 * intervals plus VRRP_A_GARP_PERIOD (at least 1 s) old, and for
 * VRRP_A_CONFLICT while Master; inactive records stay in the dump with
 * their age. ARP / ND conflicts are seen when the other holder sends ARP or
 * ND for the VIP: its announcements on becoming Master, its refresh bursts
 * (VRRP_A_GARP_PERIOD: set it for continuous detection) and its own
 * traffic. In virtual MAC mode both holders use the same MAC: only the
 * advert checks apply.
 */
enum {
	VRRP_CONFLICT_A_UNSPEC,
	VRRP_CONFLICT_A_KIND,		/* u8, enum vrrp_conflict_kind */
	VRRP_CONFLICT_A_VIP,		/* binary, 4 / 16 bytes: the VIP claimed */
	VRRP_CONFLICT_A_PEER_MAC,	/* binary, 6 bytes: the claimant's MAC */
	VRRP_CONFLICT_A_PEER_ADDR,	/* binary, 4 / 16: the advert's source */
	VRRP_CONFLICT_A_AGE,		/* u32, ms since the last such packet */
	VRRP_CONFLICT_A_ACTIVE,		/* flag: see above */
	VRRP_CONFLICT_A_HINT,		/* u32, VRRP_HINT_* bits (ONE_WAY) */
	VRRP_CONFLICT_A_WHAT,		/* u32, VRRP_MISMATCH_* bits (mismatch) */

	__VRRP_CONFLICT_A_MAX,
	VRRP_CONFLICT_A_MAX = (__VRRP_CONFLICT_A_MAX - 1)
};

enum vrrp_conflict_kind {
	VRRP_CONFLICT_ARP,
	VRRP_CONFLICT_ND,
	VRRP_CONFLICT_ONE_WAY,
	VRRP_CONFLICT_MISMATCH,		/* the kind of VRRP_A_MISMATCH */

	__VRRP_CONFLICT_MAX,
	VRRP_CONFLICT_MAX = (__VRRP_CONFLICT_MAX - 1)
};

/* VRRP_CONFLICT_A_HINT: why the other router may not hear us. */
#define VRRP_HINT_CSUM		(1U << 0)	/* it sends the other IPv4 checksum form */
#define VRRP_HINT_INTERVAL	(1U << 1)	/* its advert interval differs */
#define VRRP_HINT_AUTH		(1U << 2)	/* we count auth errors (VRRPv2) */
#define VRRP_HINT_TTL		(1U << 3)	/* we count ip_ttl_errors */
#define VRRP_HINT_VERSION	(1U << 4)	/* we count version_errors */

/* VRRP_CONFLICT_A_WHAT: what differs. */
#define VRRP_MISMATCH_VIPS	(1U << 0)	/* the address list */
#define VRRP_MISMATCH_INTERVAL	(1U << 1)	/* the advert interval */
#define VRRP_MISMATCH_VERSION	(1U << 2)	/* the VRRP version */
#define VRRP_MISMATCH_AUTH	(1U << 3)	/* VRRPv2 auth type or password */
#define VRRP_MISMATCH_CSUM	(1U << 4)	/* the IPv4 VRRPv3 checksum form we send */
#define VRRP_MISMATCH_LINKLOCAL	(1U << 5)	/* IPv6: its first address is not link-local */

#endif /* _UAPI_LINUX_VRRP_H */
