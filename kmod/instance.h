/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_INSTANCE_H
#define _VRRP_INSTANCE_H

#include <linux/hrtimer.h>
#include <linux/netdevice.h>
#include <linux/refcount.h>
#include <linux/spinlock.h>
#include <linux/workqueue.h>
#include <linux/in6.h>

#include "fsm.h"
#include "split.h"
#include "track.h"

struct vrrp_net;
struct vrrp_sync;

/* The faults of the instance itself, which hold its sync group too. */
#define VRRP_FAULT_OWN	(VRRP_FAULT_LINK | VRRP_FAULT_TRACK | VRRP_FAULT_INIT | \
			 VRRP_FAULT_ARBITER)

struct vrrp_vip_cfg {
	u8	addr[16];
	u8	prefixlen;
	u8	excluded;	/* installed, not in adverts */
	int	ifindex;	/* 0: the instance's interface */
};

struct vrrp_peer_cfg {
	u8	addr[16];
	u8	min_ttl;
	u8	max_ttl;
};

/*
 * Configuration is immutable once published: a change builds a new copy and
 * swaps it in under vn->lock; readers (softirq) use rcu_dereference().
 */
struct vrrp_cfg {
	struct rcu_head		rcu;
	u8			priority;
	u16			adv_int;		/* centiseconds */
	bool			preempt;
	bool			accept;
	u32			preempt_delay_ms;
	u8			group[16];
	enum vrrp_csum_mode	csum;
	u32			garp_count;
	u32			garp_interval_ms;
	u32			garp_refresh_ms;
	u32			garp_period_ms;		/* 0: no refresh bursts */
	u32			garp_period_count;
	bool			fast_preempt;
	bool			track_primary;	/* no carrier: FAULT */
	char			sync[VRRP_NAME_MAX];	/* sync group, "" for none */
	u8			auth_type;	/* VRRPv2: enum vrrp_auth_type */
	u8			auth_data[VRRP_AUTH_DATA_LEN];	/* zero-padded */
	bool			vmac;
	u8			ucast_ttl;
	bool			arbiter_set;	/* arbiter.c */
	u8			arbiter_mode;	/* enum vrrp_arbiter_mode */
	u8			arbiter[16];
	u8			ucast_src[16];	/* all zero: the primary address */
	u8			npeers;		/* unicast when non-zero */
	struct vrrp_peer_cfg	*peers;		/* own allocation */
	u8			ntracks;
	struct vrrp_track_cfg	*tracks;		/* own allocation */
	u16			nvips;
	u8			wire_count;	/* addresses carried in adverts */
	u8			*wire_addrs;	/* packed, after vips[] */
	struct vrrp_vip_cfg	vips[];
};

struct vrrp_cfg *vrrp_cfg_alloc(u16 nvips, u8 family);
struct vrrp_cfg *vrrp_cfg_dup(const struct vrrp_cfg *cfg, u16 nvips, u8 family);
void vrrp_cfg_free(struct vrrp_cfg *cfg);
void vrrp_cfg_free_rcu(struct rcu_head *rcu);
void vrrp_cfg_pack(struct vrrp_cfg *cfg, u8 family, unsigned int mtu);

enum {
	VRRP_ISTAT_MASTER_TRANSITIONS,
	VRRP_ISTAT_RCVD_ADVERTS,
	VRRP_ISTAT_ADV_INTERVAL_ERRORS,
	VRRP_ISTAT_IP_TTL_ERRORS,
	VRRP_ISTAT_RCVD_PRI0,
	VRRP_ISTAT_SENT_PRI0,
	VRRP_ISTAT_RCVD_INVALID_TYPE,
	VRRP_ISTAT_ADDRESS_LIST_ERRORS,
	VRRP_ISTAT_PACKET_LENGTH_ERRORS,
	VRRP_ISTAT_SENT_ADVERTS,
	VRRP_ISTAT_SENT_GARPS,
	VRRP_ISTAT_CSUM_RFC,
	VRRP_ISTAT_CSUM_PSEUDO,
	VRRP_ISTAT_TRANSITIONS,
	VRRP_ISTAT_DOWN_TIMER_LATE,
	VRRP_ISTAT_AUTH_FAILURES,
	VRRP_ISTAT_INVALID_AUTH_TYPE,
	VRRP_ISTAT_AUTH_TYPE_MISMATCH,
	VRRP_ISTAT_SOURCE_ERRORS,
	VRRP_ISTAT_VIP_CONFLICTS,
	VRRP_ISTAT_ONE_WAY,
	VRRP_ISTAT_MISMATCHES,
	VRRP_ISTAT_MAX
};

/**
 * struct vrrp_instance - one virtual router on one interface
 *
 * Lifetime: created and linked under vn->lock; found by receive (softirq)
 * and dumps under RCU. @ref counts the hash table's reference and one per
 * queued @vip_work. Removal: mark @dead under @lock (no timer is armed after
 * that), cancel the timers, remove the VIPs, unlink, drop the table's
 * reference; the last put frees it after a grace period.
 *
 * Locking: @lock (BH-safe spinlock) protects @fsm, @last_reason,
 * @master_addr, @garp_*, @dead, @eff_prio, @fault, @down_grace_used and
 * the arming of the timers. @cfg and the VIP bookkeeping change under vn->lock only. @dev is
 * set at creation and cleared under RTNL when the device unregisters; no
 * reference is held, so readers use it under RCU. @sync and @sync_node
 * change under vn->lock and the group's lock; @sync_fault under the
 * group's lock (sync.h). @want_master under @lock. @fault, @sync_fault,
 * @want_master and @fsm.state are also read locklessly by the group.
 */
struct vrrp_instance {
	struct hlist_node	hnode;		/* vn->instances, RCU */
	struct vrrp_net		*vn;
	char			name[VRRP_NAME_MAX];
	int			ifindex;
	struct net_device __rcu	*dev;
	u8			vrid;
	u8			family;
	u8			version;
	struct vrrp_cfg __rcu	*cfg;

	spinlock_t		lock;		/* protocol state, see above */
	struct vrrp_fsm		fsm;
	u8			eff_prio;	/* priority with the trackers' weights */
	u32			fault;		/* VRRP_FAULT_* */
	enum vrrp_reason	last_reason;
	u8			master_addr[16];
	bool			dead;
	u32			garp_left;	/* timers.c: rounds, this one included */
	u16			garp_next;	/* timers.c: next VIP of this round */
	bool			garp_refresh_done; /* timers.c: second burst sent */
	bool			down_grace_used; /* timers.c: late Master_Down_Timer */
	u8			csum_heard;	/* VRRP_CSUM_AUTO: the form sent, rx.c */
	struct hrtimer		adver_timer;
	struct hrtimer		down_timer;
	struct hrtimer		garp_timer;

	/* vip.c, under vn->lock */
	struct work_struct	vip_work;
	struct list_head	vips_installed;
	bool			mc_joined;	/* also under RTNL */
	u8			mc_group[16];	/* the group joined, under RTNL */
	bool			vmac_uc;	/* vip.c: vMAC in the device's filter */
	struct nf_hook_ops	*vmac_hook;	/* ingress hook for the vMAC, RTNL */
	bool			unlinked;

	struct vrrp_sync __rcu	*sync;
	struct list_head	sync_node;
	bool			sync_fault;	/* another member is in FAULT */
	bool			want_master;	/* our master is gone, group held us */

	/* arbiter.c: @arb_state, @arb_hold under @lock */
	struct delayed_work	arb_work;
	u8			arb_state;	/* enum vrrp_arbiter_state */
	bool			arb_hold;	/* stepped down: FAULT until reachable */
	unsigned long		arb_since;	/* jiffies: the judgement started */
	unsigned long		arb_conflict;	/* jiffies: last conflict seen, 0 none */
	struct vrrp_split	split;		/* split.c, own lock */

	atomic64_t		stats[VRRP_ISTAT_MAX];
	refcount_t		ref;
	struct list_head	tmp_node;	/* RTNL: netdev notifier batches */
	struct rcu_head		rcu;
};

static inline bool vrrp_cfg_unicast(const struct vrrp_cfg *cfg)
{
	return cfg->npeers;
}

/* The IPv4 VRRPv3 checksum form @vr sends now. Any context. */
static inline enum vrrp_csum_mode vrrp_csum_sent(const struct vrrp_instance *vr,
						 const struct vrrp_cfg *cfg)
{
	if (cfg->csum == VRRP_CSUM_AUTO)
		return READ_ONCE(vr->csum_heard);
	return cfg->csum;
}

/* RFC 9568 7.3: 00-00-5E-00-01-{VRID}, IPv6 00-00-5E-00-02-{VRID} */
static inline void vrrp_vmac(const struct vrrp_instance *vr, u8 *mac)
{
	mac[0] = 0x00;
	mac[1] = 0x00;
	mac[2] = 0x5e;
	mac[3] = 0x00;
	mac[4] = vr->family == AF_INET6 ? 0x02 : 0x01;
	mac[5] = vr->vrid;
}

static inline bool vrrp_link_up(const struct net_device *dev)
{
	return netif_running(dev) && netif_carrier_ok(dev);
}

static inline void vrrp_stat_inc(struct vrrp_instance *vr, int idx)
{
	atomic64_inc(&vr->stats[idx]);
}

void vrrp_instance_mc_update(struct vrrp_instance *vr, struct net_device *dev,
			     const struct vrrp_cfg *cfg);
struct vrrp_instance *vrrp_instance_lookup_rcu(struct vrrp_net *vn, int ifindex,
					       u8 vrid, u8 family);
struct vrrp_instance *vrrp_instance_find_name(struct vrrp_net *vn, const char *name);
int vrrp_instance_create(struct vrrp_net *vn, const char *name,
			 struct net_device *dev, u8 vrid, u8 family, u8 version,
			 struct vrrp_cfg *cfg, struct netlink_ext_ack *extack);
int vrrp_instance_reconfigure(struct vrrp_instance *vr, struct vrrp_cfg *cfg,
			      struct netlink_ext_ack *extack);
void vrrp_instance_destroy(struct vrrp_instance *vr, bool remove_vips);
void vrrp_instance_put(struct vrrp_instance *vr);
void vrrp_instance_event(struct vrrp_instance *vr, struct vrrp_fsm_input *in);
void vrrp_instance_timer_event(struct vrrp_instance *vr, enum vrrp_fsm_event ev,
			       struct hrtimer *timer);
void vrrp_instance_advert(struct vrrp_instance *vr, u8 prio, u16 adv_int,
			  const u8 *saddr, int addr_cmp);
void vrrp_instance_queue_vips(struct vrrp_instance *vr);
void vrrp_instance_kill(struct vrrp_instance *vr, enum vrrp_reason reason);
void vrrp_instance_reeval(struct vrrp_instance *vr);
void vrrp_instance_link_event(struct vrrp_instance *vr, bool going_down);
void vrrp_instance_sync_reeval(struct vrrp_instance *vr);
void vrrp_instance_sync_event(struct vrrp_instance *vr, enum vrrp_fsm_event ev);

#endif /* _VRRP_INSTANCE_H */
