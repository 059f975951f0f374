// SPDX-License-Identifier: GPL-2.0
/*
 * The arbiter (uapi/linux/vrrp.h, VRRP_A_ARBITER): an address on the
 * instance's link a node holding the VIP must reach, usually the gateway.
 *
 * A delayed work item per instance with an arbiter runs once a second in
 * process context: it makes sure the neighbour layer has an entry for the
 * arbiter (so that a reply updates it), sends one ARP request or Neighbor
 * Solicitation, and reads the entry's last confirmation. No packet hook of
 * ours is involved: the neighbour layer records replies as it always does.
 * The entry is looked up again every round and never held between rounds:
 * a held neighbour would hold its device and block its unregistration.
 *
 * Locking: @arb_state and @arb_hold change under vr->lock, which the
 * evaluation of the FAULT bits holds too; @arb_conflict (jiffies of the last
 * conflict seen) is written locklessly from softirq. The work never takes
 * vn->lock, so vrrp_arbiter_stop() may cancel it synchronously under it.
 */

#include <linux/inetdevice.h>
#include <linux/jiffies.h>
#include <net/addrconf.h>
#include <net/arp.h>
#include <net/ndisc.h>
#include <net/neighbour.h>

#include "arbiter.h"
#include "instance.h"
#include "netns.h"
#include "tx.h"

#define VRRP_ARB_PROBE		msecs_to_jiffies(VRRP_ARBITER_PROBE_MS)
#define VRRP_ARB_WINDOW		msecs_to_jiffies(VRRP_ARBITER_WINDOW_MS)

static struct neigh_table *vrrp_arb_tbl(u8 family)
{
	return family == AF_INET6 ? &nd_tbl : &arp_tbl;
}

/* One ARP request / Neighbor Solicitation for @target. RCU held. */
static void vrrp_arbiter_probe(struct vrrp_instance *vr, struct net_device *dev,
			       const u8 *target)
{
	struct in6_addr mcast;
	struct sk_buff *skb;
	u8 src[16];
	__be32 t4;

	if (!vrrp_primary_addr(dev, vr->family, src))
		return;
	if (vr->family == AF_INET) {
		memcpy(&t4, target, sizeof(t4));
		arp_send(ARPOP_REQUEST, ETH_P_ARP, t4, dev, *(__be32 *)src, NULL,
			 dev->dev_addr, NULL);
		return;
	}
	addrconf_addr_solict_mult((const struct in6_addr *)target, &mcast);
	skb = ndisc_ns_create(dev, (const struct in6_addr *)target,
			      (const struct in6_addr *)src, 0);
	if (skb)
		ndisc_send_skb(skb, &mcast, (const struct in6_addr *)src);
}

/*
 * Probe, then judge from the entry's last confirmation. Returns the state,
 * VRRP_ARBITER_UNKNOWN while the first window since @since runs.
 */
static u8 vrrp_arbiter_round(struct vrrp_instance *vr, struct net_device *dev,
			     const u8 *target, unsigned long since)
{
	struct neigh_table *tbl = vrrp_arb_tbl(vr->family);
	unsigned long confirmed = 0, now = jiffies;
	struct neighbour *n;
	bool valid = false;

	n = neigh_lookup(tbl, target, dev);
	if (!n) {
		n = neigh_create(tbl, target, dev);
		if (IS_ERR(n))
			n = NULL;
	}
	if (n) {
		/* in use: the neighbour layer's GC keeps it, its timers run */
		neigh_event_send(n, NULL);
		valid = READ_ONCE(n->nud_state) & NUD_VALID;
		confirmed = READ_ONCE(n->confirmed);
		neigh_release(n);
	}
	vrrp_arbiter_probe(vr, dev, target);

	if (valid && time_in_range(now, confirmed, confirmed + VRRP_ARB_WINDOW))
		return VRRP_ARBITER_REACHABLE;
	if (time_before(now, since + VRRP_ARB_WINDOW))
		return VRRP_ARBITER_UNKNOWN;
	return VRRP_ARBITER_UNREACHABLE;
}

static void vrrp_arbiter_work(struct work_struct *work)
{
	struct vrrp_instance *vr = container_of(to_delayed_work(work),
						struct vrrp_instance, arb_work);
	const struct vrrp_cfg *cfg;
	struct net_device *dev;
	bool changed = false;
	unsigned long seen;
	u8 state;

	if (READ_ONCE(vr->dead))
		return;
	rcu_read_lock();
	cfg = rcu_dereference(vr->cfg);
	dev = rcu_dereference(vr->dev);
	if (!cfg->arbiter_set) {
		rcu_read_unlock();
		return;
	}
	state = dev ? vrrp_arbiter_round(vr, dev, cfg->arbiter, READ_ONCE(vr->arb_since)) :
		      VRRP_ARBITER_UNKNOWN;

	spin_lock_bh(&vr->lock);
	/* A reconfiguration in between restarted the judgement: skip this one. */
	if (!vr->dead && rcu_dereference(vr->cfg) == cfg) {
		changed = vr->arb_state != state;
		vr->arb_state = state;
		seen = READ_ONCE(vr->arb_conflict);
		if (state == VRRP_ARBITER_REACHABLE && vr->arb_hold) {
			vr->arb_hold = false;
			changed = true;
		} else if (state == VRRP_ARBITER_UNREACHABLE && !vr->arb_hold &&
			   cfg->arbiter_mode == VRRP_ARBITER_CONFLICT &&
			   vr->fsm.state == VRRP_STATE_MASTER && seen &&
			   time_in_range(jiffies, seen, seen + VRRP_ARB_WINDOW)) {
			vr->arb_hold = true;
			changed = true;
		}
	}
	spin_unlock_bh(&vr->lock);
	rcu_read_unlock();

	if (changed)
		vrrp_instance_reeval(vr);
	/* The next round; vrrp_arbiter_stop() cancels a requeue too. */
	if (!READ_ONCE(vr->dead))
		queue_delayed_work(vrrp_wq, &vr->arb_work, VRRP_ARB_PROBE);
}

void vrrp_arbiter_init(struct vrrp_instance *vr)
{
	INIT_DELAYED_WORK(&vr->arb_work, vrrp_arbiter_work);
}

/*
 * A new configuration is about to be published (under vn->lock): a new or
 * changed arbiter starts over from "unknown", none clears everything. Runs
 * before the re-evaluation of the configuration change, which sees this.
 */
void vrrp_arbiter_update(struct vrrp_instance *vr, const struct vrrp_cfg *old,
			 const struct vrrp_cfg *cfg)
{
	if (old && old->arbiter_set == cfg->arbiter_set &&
	    !memcmp(old->arbiter, cfg->arbiter, sizeof(cfg->arbiter)) &&
	    old->arbiter_mode == cfg->arbiter_mode)
		return;
	spin_lock_bh(&vr->lock);
	vr->arb_state = cfg->arbiter_set ? VRRP_ARBITER_UNKNOWN : VRRP_ARBITER_NONE;
	vr->arb_hold = false;
	WRITE_ONCE(vr->arb_since, jiffies);
	spin_unlock_bh(&vr->lock);
}

/* After the configuration is published: start probing if there is an arbiter. */
void vrrp_arbiter_start(struct vrrp_instance *vr, const struct vrrp_cfg *cfg)
{
	if (cfg->arbiter_set)
		mod_delayed_work(vrrp_wq, &vr->arb_work, 0);
}

/* The instance is dead (no requeue after this); vn->lock may be held. */
void vrrp_arbiter_stop(struct vrrp_instance *vr)
{
	cancel_delayed_work_sync(&vr->arb_work);
}

/* VRRP_FAULT_ARBITER or 0; caller holds vr->lock. */
u32 vrrp_arbiter_fault(const struct vrrp_instance *vr, const struct vrrp_cfg *cfg)
{
	if (!cfg->arbiter_set)
		return 0;
	if (vr->arb_hold || (cfg->arbiter_mode == VRRP_ARBITER_FAULT &&
			     vr->arb_state == VRRP_ARBITER_UNREACHABLE))
		return VRRP_FAULT_ARBITER;
	return 0;
}

/*
 * Another holder of our VIPs (or a master that does not hear us) was seen;
 * any context but under vr->lock. With an arbiter known unreachable, judge
 * at once. Under vr->lock: a dead instance's work is cancelled for good.
 */
void vrrp_arbiter_conflict(struct vrrp_instance *vr)
{
	WRITE_ONCE(vr->arb_conflict, jiffies ? jiffies : 1);
	if (READ_ONCE(vr->arb_state) != VRRP_ARBITER_UNREACHABLE)
		return;
	spin_lock_bh(&vr->lock);
	if (!vr->dead)
		mod_delayed_work(vrrp_wq, &vr->arb_work, 0);
	spin_unlock_bh(&vr->lock);
}
