// SPDX-License-Identifier: GPL-2.0
/*
 * Instance lifetime (refcount + RCU), lookup, and the glue that feeds events
 * to the state machine and carries out the actions it returns.
 */

#include <linux/igmp.h>
#include <linux/inetdevice.h>
#include <linux/jhash.h>
#include <linux/rtnetlink.h>
#include <linux/slab.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>

#include "arbiter.h"
#include "compat.h"
#include "instance.h"
#include "netlink.h"
#include "netns.h"
#include "sync.h"
#include "timers.h"
#include "tx.h"
#include "vip.h"
#include "vmac.h"
#include "wire.h"

static u32 vrrp_hash(int ifindex, u8 vrid, u8 family)
{
	return jhash_3words(ifindex, vrid, family, 0);
}

struct vrrp_instance *vrrp_instance_lookup_rcu(struct vrrp_net *vn, int ifindex,
					       u8 vrid, u8 family)
{
	struct vrrp_instance *vr;

	hash_for_each_possible_rcu(vn->instances, vr, hnode,
				   vrrp_hash(ifindex, vrid, family))
		if (vr->ifindex == ifindex && vr->vrid == vrid &&
		    vr->family == family)
			return vr;
	return NULL;
}

struct vrrp_instance *vrrp_instance_find_name(struct vrrp_net *vn, const char *name)
{
	struct vrrp_instance *vr;
	int bkt;

	lockdep_assert_held(&vn->lock);
	hash_for_each(vn->instances, bkt, vr, hnode)
		if (!strcmp(vr->name, name))
			return vr;
	return NULL;
}

static void vrrp_instance_free_rcu(struct rcu_head *rcu)
{
	struct vrrp_instance *vr = container_of(rcu, struct vrrp_instance, rcu);

	pr_debug("instance %s destroyed\n", vr->name);
	vrrp_cfg_free(rcu_dereference_raw(vr->cfg));
	kfree(vr);
}

void vrrp_instance_put(struct vrrp_instance *vr)
{
	if (refcount_dec_and_test(&vr->ref))
		call_rcu(&vr->rcu, vrrp_instance_free_rcu);
}

/*
 * Queue the VIP work. It holds a reference to @vr and counts in
 * vn->vip_works, which netns exit waits to drain (vrrp_vip_work_done()).
 */
void vrrp_instance_queue_vips(struct vrrp_instance *vr)
{
	/* A concurrent destroy may have dropped the last reference. */
	if (!refcount_inc_not_zero(&vr->ref))
		return;
	atomic_inc(&vr->vn->vip_works);
	if (!queue_work(vrrp_wq, &vr->vip_work)) {
		atomic_dec(&vr->vn->vip_works);
		vrrp_instance_put(vr);
	}
}

static void vrrp_fsm_cfg_from(const struct vrrp_cfg *cfg, u8 prio, u8 version,
			      struct vrrp_fsm_cfg *fc)
{
	fc->priority = prio;
	fc->adv_int = cfg->adv_int;
	fc->preempt = cfg->preempt;
	fc->preempt_delay_ns = (u64)cfg->preempt_delay_ms * NSEC_PER_MSEC;
	fc->fast_preempt = cfg->fast_preempt;
	fc->v2 = version == 2;
}

/*
 * Join the instance's multicast group, leave the old one, or leave it for
 * unicast. Caller holds RTNL; @dev is the live device.
 */
void vrrp_instance_mc_update(struct vrrp_instance *vr, struct net_device *dev,
			     const struct vrrp_cfg *cfg)
{
	bool want = cfg && !vrrp_cfg_unicast(cfg);
	struct in_device *in_dev;

	ASSERT_RTNL();
	if (vr->mc_joined && (!want || memcmp(vr->mc_group, cfg->group, 16))) {
		if (vr->family == AF_INET6) {
			ipv6_dev_mc_dec(dev, (struct in6_addr *)vr->mc_group);
		} else {
			in_dev = __in_dev_get_rtnl(dev);
			if (in_dev)
				ip_mc_dec_group(in_dev, *(__be32 *)vr->mc_group);
		}
		vr->mc_joined = false;
	}
	if (!want || vr->mc_joined)
		return;
	if (vr->family == AF_INET6) {
		vr->mc_joined = !ipv6_dev_mc_inc(dev, (struct in6_addr *)cfg->group);
	} else {
		in_dev = __in_dev_get_rtnl(dev);
		if (in_dev) {
			ip_mc_inc_group(in_dev, *(__be32 *)cfg->group);
			vr->mc_joined = true;
		}
	}
	if (vr->mc_joined)
		memcpy(vr->mc_group, cfg->group, 16);
}

/* Flags of __vrrp_instance_event(). */
#define VRRP_EVF_KILL		BIT(0)	/* mark dead after this event */
#define VRRP_EVF_REEVAL		BIT(1)	/* recompute priority and FAULT first */
#define VRRP_EVF_CONFIG		BIT(2)	/* with REEVAL: the configuration changed */
#define VRRP_EVF_GOING_DOWN	BIT(3)	/* with REEVAL: the device is going down */
#define VRRP_EVF_NOSYNC		BIT(4)	/* from the sync group: do not propagate */

static enum vrrp_reason vrrp_fault_reason(u32 fault)
{
	if (fault & VRRP_FAULT_LINK)
		return VRRP_REASON_LINK;
	if (fault & VRRP_FAULT_ARBITER)
		return VRRP_REASON_ARBITER;
	if (fault & (VRRP_FAULT_TRACK | VRRP_FAULT_INIT))
		return VRRP_REASON_TRACK;
	return VRRP_REASON_SYNC_GROUP;
}

/*
 * Recompute the effective priority and the FAULT bits and turn a change
 * into the event it means for the state machine: FAULT when the first
 * fault appears, STARTUP when the last one clears, CONFIG for a new
 * priority. The first evaluation, at creation, leaves Initialize.
 * Caller holds vr->lock and RCU. Returns false when there is nothing to do.
 */
static bool vrrp_instance_eval(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			       struct vrrp_fsm_input *in, unsigned int flags)
{
	struct net_device *dev = rcu_dereference(vr->dev);
	u32 old = vr->fault, fault = 0;
	u8 old_prio = vr->eff_prio;
	int sum;

	if (!dev || !netif_running(dev) || (flags & VRRP_EVF_GOING_DOWN) ||
	    (cfg->track_primary && !netif_carrier_ok(dev)))
		fault |= VRRP_FAULT_LINK;
	fault |= vrrp_track_eval(cfg, vr->vn->net, &sum);
	fault |= vrrp_arbiter_fault(vr, cfg);
	if (READ_ONCE(vr->sync_fault))
		fault |= VRRP_FAULT_SYNC;
	if (cfg->priority == VRRP_PRIORITY_OWNER)
		vr->eff_prio = VRRP_PRIORITY_OWNER;
	else
		vr->eff_prio = clamp(cfg->priority + sum, 1,
				     VRRP_PRIORITY_OWNER - 1);
	WRITE_ONCE(vr->fault, fault);

	if (vr->fsm.state == VRRP_STATE_INIT) {
		in->event = fault ? VRRP_EV_FAULT : VRRP_EV_STARTUP;
		in->reason = fault ? vrrp_fault_reason(fault) : VRRP_REASON_ADMIN;
		return true;
	}
	if (!old != !fault) {
		in->event = fault ? VRRP_EV_FAULT : VRRP_EV_STARTUP;
		in->reason = vrrp_fault_reason(fault ? fault : old);
		return true;
	}
	in->event = VRRP_EV_CONFIG;
	return !fault && ((flags & VRRP_EVF_CONFIG) || vr->eff_prio != old_prio);
}

/* Transmit and notify, outside vr->lock. Caller holds rcu_read_lock, BH off. */
static void vrrp_instance_act(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			      const struct vrrp_fsm_output *out, enum vrrp_state state,
			      u8 prio, u16 garp_first, u32 garps)
{
	struct net_device *dev = rcu_dereference(vr->dev);

	if (dev && (out->actions & VRRP_ACT_SEND_PRIO0)) {
		vrrp_tx_advert(vr, dev, cfg, 0);
		vrrp_stat_inc(vr, VRRP_ISTAT_SENT_PRI0);
	}
	if (dev && (out->actions & VRRP_ACT_SEND_ADVERT))
		vrrp_tx_advert(vr, dev, cfg, prio);
	if (dev && garps)
		vrrp_tx_garps(vr, dev, cfg, garp_first, garps);
	if (out->actions & (VRRP_ACT_VIPS_ADD | VRRP_ACT_VIPS_DEL))
		vrrp_instance_queue_vips(vr);
	if (out->changed)
		vrrp_genl_notify(vr, out->old_state, state, out->reason, prio);
}

/* Tell the sync group what this event did to @vr. */
static void vrrp_instance_sync(struct vrrp_instance *vr,
			       const struct vrrp_fsm_output *out,
			       enum vrrp_state state, bool refault)
{
	if (!rcu_access_pointer(vr->sync))
		return;
	if (out->changed && state == VRRP_STATE_MASTER)
		vrrp_sync_follow(vr, VRRP_EV_SYNC_MASTER);
	else if (out->changed && out->old_state == VRRP_STATE_MASTER &&
		 state == VRRP_STATE_BACKUP)
		vrrp_sync_follow(vr, VRRP_EV_SYNC_BACKUP);
	if (refault)
		vrrp_sync_refault(vr);
}

/**
 * __vrrp_instance_event() - run one event through the state machine
 * @vr: the instance
 * @in: the event (@in->now is filled in here; with VRRP_EVF_REEVAL the
 *	event itself is derived from what changed)
 * @timer: the timer that fired, or NULL. A timer that was re-armed while its
 *	callback waited for the lock is stale: the event is dropped.
 * @flags: VRRP_EVF_*
 */
static void __vrrp_instance_event(struct vrrp_instance *vr,
				  struct vrrp_fsm_input *in,
				  struct hrtimer *timer, unsigned int flags)
{
	struct vrrp_fsm_output out;
	const struct vrrp_cfg *cfg;
	struct vrrp_fsm_cfg fc;
	enum vrrp_state state;
	bool refault = false;
	u16 garp_first = 0;
	u32 old_fault, garps = 0;
	u8 prio;

	rcu_read_lock();
	/* The group's lock ranks above vr->lock: ask it first. */
	if (rcu_access_pointer(vr->sync)) {
		/* Tell the group first: the others' timers may be running out too. */
		if (in->event == VRRP_EV_DOWN_TIMER)
			WRITE_ONCE(vr->want_master, true);
		if (in->event == VRRP_EV_DOWN_TIMER || in->event == VRRP_EV_ADVERT)
			in->hold = vrrp_sync_hold(vr);
	}

	spin_lock_bh(&vr->lock);
	if (vr->dead || (timer && hrtimer_is_queued(timer)))
		goto out_unlock;
	/*
	 * Read under the lock: a reconfiguration publishes its copy before it
	 * takes the lock for its own event, so no step after that event can
	 * decide with the old one.
	 */
	cfg = rcu_dereference(vr->cfg);
	if (flags & VRRP_EVF_REEVAL) {
		old_fault = vr->fault;
		if (!vrrp_instance_eval(vr, cfg, in, flags))
			goto out_unlock;
		refault = !(old_fault & VRRP_FAULT_OWN) != !(vr->fault & VRRP_FAULT_OWN);
	}
	prio = vr->eff_prio;
	vrrp_fsm_cfg_from(cfg, prio, vr->version, &fc);
	in->now = ktime_get_ns();
	vrrp_fsm_step(&vr->fsm, &fc, in, &out);
	if (flags & VRRP_EVF_KILL)
		vr->dead = true;
	/* A master is heard (again), or the waiting is over. */
	if ((in->event == VRRP_EV_ADVERT && in->prio && !vr->fsm.saw_lower) ||
	    vr->fsm.state != VRRP_STATE_BACKUP)
		WRITE_ONCE(vr->want_master, false);
	vrrp_timers_apply(vr, &out);
	state = vr->fsm.state;
	/* Remember who the master is: the sender of an advert a Backup heard. */
	if (in->event == VRRP_EV_ADVERT && in->prio && state == VRRP_STATE_BACKUP)
		memcpy(vr->master_addr, in->saddr, vrrp_alen(vr->family));
	if (out.changed) {
		vr->last_reason = out.reason;
		vrrp_stat_inc(vr, VRRP_ISTAT_TRANSITIONS);
		if (state == VRRP_STATE_MASTER)
			vrrp_stat_inc(vr, VRRP_ISTAT_MASTER_TRANSITIONS);
		if (state != VRRP_STATE_BACKUP)
			memset(vr->master_addr, 0, sizeof(vr->master_addr));
	}
	if ((out.actions & VRRP_ACT_ANNOUNCE) && !(flags & VRRP_EVF_KILL)) {
		vrrp_timers_announce(vr, cfg);
		garps = vrrp_timers_garp_take(vr, cfg, &garp_first);
	}
	spin_unlock_bh(&vr->lock);

	local_bh_disable();
	vrrp_instance_act(vr, cfg, &out, state, prio, garp_first, garps);
	if (!(flags & (VRRP_EVF_NOSYNC | VRRP_EVF_KILL)))
		vrrp_instance_sync(vr, &out, state, refault);
	local_bh_enable();
	rcu_read_unlock();
	return;

out_unlock:
	spin_unlock_bh(&vr->lock);
	rcu_read_unlock();
}

void vrrp_instance_event(struct vrrp_instance *vr, struct vrrp_fsm_input *in)
{
	__vrrp_instance_event(vr, in, NULL, 0);
}

void vrrp_instance_timer_event(struct vrrp_instance *vr, enum vrrp_fsm_event ev,
			       struct hrtimer *timer)
{
	struct vrrp_fsm_input in = { .event = ev };

	__vrrp_instance_event(vr, &in, timer, 0);
}

/* Shut the instance down for good: priority 0 if master; no timer after. */
void vrrp_instance_kill(struct vrrp_instance *vr, enum vrrp_reason reason)
{
	struct vrrp_fsm_input in = {
		.event = VRRP_EV_SHUTDOWN,
		.reason = reason,
	};

	__vrrp_instance_event(vr, &in, NULL, VRRP_EVF_KILL);
}

/* A tracker, a tracked interface or the instance's own link changed. */
void vrrp_instance_reeval(struct vrrp_instance *vr)
{
	struct vrrp_fsm_input in = {};

	__vrrp_instance_event(vr, &in, NULL, VRRP_EVF_REEVAL);
}

void vrrp_instance_link_event(struct vrrp_instance *vr, bool going_down)
{
	struct vrrp_fsm_input in = {};

	__vrrp_instance_event(vr, &in, NULL, VRRP_EVF_REEVAL |
			      (going_down ? VRRP_EVF_GOING_DOWN : 0));
}

/* From the sync group, under its lock: no further propagation. */
void vrrp_instance_sync_reeval(struct vrrp_instance *vr)
{
	struct vrrp_fsm_input in = {};

	__vrrp_instance_event(vr, &in, NULL, VRRP_EVF_REEVAL | VRRP_EVF_NOSYNC);
}

void vrrp_instance_sync_event(struct vrrp_instance *vr, enum vrrp_fsm_event ev)
{
	struct vrrp_fsm_input in = { .event = ev };

	__vrrp_instance_event(vr, &in, NULL, VRRP_EVF_NOSYNC);
}

/* A master whose VIP list changed announces the new list at once. */
static void vrrp_instance_announce(struct vrrp_instance *vr)
{
	const struct vrrp_cfg *cfg;
	struct net_device *dev;
	u16 first = 0;
	u32 n = 0;

	rcu_read_lock();
	spin_lock_bh(&vr->lock);
	cfg = rcu_dereference(vr->cfg);
	if (!vr->dead && vr->fsm.state == VRRP_STATE_MASTER) {
		vrrp_timers_announce(vr, cfg);
		n = vrrp_timers_garp_take(vr, cfg, &first);
	}
	spin_unlock_bh(&vr->lock);
	dev = rcu_dereference(vr->dev);
	if (n && dev) {
		local_bh_disable();
		vrrp_tx_garps(vr, dev, cfg, first, n);
		local_bh_enable();
	}
	rcu_read_unlock();
}

void vrrp_instance_advert(struct vrrp_instance *vr, u8 prio, u16 adv_int,
			  const u8 *saddr, int addr_cmp)
{
	struct vrrp_fsm_input in = {
		.event = VRRP_EV_ADVERT,
		.prio = prio,
		.adv_int = adv_int,
		.addr_cmp = addr_cmp,
		.saddr = saddr,
	};

	__vrrp_instance_event(vr, &in, NULL, 0);
}

static bool vrrp_ipv6_enabled(struct net_device *dev)
{
	struct inet6_dev *idev = __in6_dev_get(dev);

	return idev && !READ_ONCE(idev->cnf.disable_ipv6);
}

/* May the netns hold @nvips VIPs instead of @old for one instance? */
static int vrrp_instance_check_vips(struct vrrp_net *vn, unsigned int old,
				    unsigned int nvips, struct netlink_ext_ack *extack)
{
	lockdep_assert_held(&vn->lock);
	if (vn->nvips - old + nvips <= VRRP_NETNS_VIP_MAX)
		return 0;
	NL_SET_ERR_MSG_FMT_MOD(extack,
			       "too many VIPs in this network namespace (max %u, %u in use)",
			       VRRP_NETNS_VIP_MAX, vn->nvips);
	return -ENOSPC;
}

int vrrp_instance_create(struct vrrp_net *vn, const char *name,
			 struct net_device *dev, u8 vrid, u8 family, u8 version,
			 struct vrrp_cfg *cfg, struct netlink_ext_ack *extack)
{
	struct vrrp_instance *vr;
	int err, i;

	lockdep_assert_held(&vn->lock);
	ASSERT_RTNL();

	if (vrrp_instance_find_name(vn, name)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "instance \"%s\" already exists", name);
		return -EEXIST;
	}
	rcu_read_lock();
	vr = vrrp_instance_lookup_rcu(vn, dev->ifindex, vrid, family);
	rcu_read_unlock();
	if (vr) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "VRID %u is already used on %s by \"%s\"",
				       vrid, dev->name, vr->name);
		return -EEXIST;
	}
	if (vn->count >= VRRP_NETNS_INSTANCE_MAX) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "too many instances in this network namespace (max %u)",
				       VRRP_NETNS_INSTANCE_MAX);
		return -ENOSPC;
	}
	err = vrrp_instance_check_vips(vn, 0, cfg->nvips, extack);
	if (err)
		return err;
	err = vrrp_vip_check_free(dev, family, cfg, NULL, extack);
	if (err)
		return err;
	if (family == AF_INET6 ? !vrrp_ipv6_enabled(dev) : !__in_dev_get_rtnl(dev)) {
		NL_SET_ERR_MSG_FMT_MOD(extack, "%s has no %s configuration", dev->name,
				       family == AF_INET6 ? "IPv6 (disabled?)" : "IPv4");
		return -EADDRNOTAVAIL;
	}

	vr = kzalloc(sizeof(*vr), GFP_KERNEL_ACCOUNT);
	if (!vr)
		return -ENOMEM;
	vr->vn = vn;
	strscpy(vr->name, name, sizeof(vr->name));
	vr->ifindex = dev->ifindex;
	vr->vrid = vrid;
	vr->family = family;
	vr->version = version;
	spin_lock_init(&vr->lock);
	vrrp_split_init(&vr->split);
	vrrp_timers_init(vr);
	INIT_WORK(&vr->vip_work, vrrp_vip_work);
	INIT_LIST_HEAD(&vr->vips_installed);
	for (i = 0; i < VRRP_ISTAT_MAX; i++)
		atomic64_set(&vr->stats[i], 0);
	refcount_set(&vr->ref, 1);
	vr->csum_heard = VRRP_CSUM_PSEUDO;	/* keepalived's and FRR's */
	RCU_INIT_POINTER(vr->cfg, cfg);
	RCU_INIT_POINTER(vr->dev, dev);
	vr->eff_prio = cfg->priority;
	INIT_LIST_HEAD(&vr->sync_node);
	vrrp_arbiter_init(vr);
	vrrp_arbiter_update(vr, NULL, cfg);

	err = vrrp_vmac_attach(vr, dev, cfg);
	if (err) {
		kfree(vr);
		NL_SET_ERR_MSG_MOD(extack, "cannot register the virtual MAC receive hook");
		return err;
	}
	/* The last step that can fail. */
	if (cfg->sync[0]) {
		err = vrrp_sync_join(vn, vr, cfg->sync, extack);
		if (err) {
			vrrp_vmac_detach(vr);
			/* The receive hook may still be running with @vr. */
			kfree_rcu(vr, rcu);
			return err;
		}
	}
	vrrp_track_users(cfg, 1);
	vrrp_instance_mc_update(vr, dev, cfg);

	hash_add_rcu(vn->instances, &vr->hnode, vrrp_hash(vr->ifindex, vrid, family));
	vn->count++;
	vn->nvips += cfg->nvips;
	vn->dump_seq++;
	pr_debug("instance %s created\n", vr->name);

	/* Initialize -> Backup, Master (owner) or Fault */
	vrrp_instance_reeval(vr);
	vrrp_arbiter_start(vr, cfg);
	return 0;
}

int vrrp_instance_reconfigure(struct vrrp_instance *vr, struct vrrp_cfg *cfg,
			      struct netlink_ext_ack *extack)
{
	struct vrrp_fsm_input in = {};
	struct vrrp_net *vn = vr->vn;
	struct vrrp_cfg *old;
	struct net_device *dev;
	bool vips_changed, old_vmac, period_changed;
	int err;

	lockdep_assert_held(&vn->lock);
	ASSERT_RTNL();

	old = rcu_dereference_protected(vr->cfg, lockdep_is_held(&vn->lock));
	old_vmac = old->vmac;
	period_changed = old->garp_period_ms != cfg->garp_period_ms;
	dev = rtnl_dereference(vr->dev);
	if (!dev) {
		NL_SET_ERR_MSG_MOD(extack, "the instance's device is gone");
		return -ENODEV;
	}
	err = vrrp_instance_check_vips(vn, old->nvips, cfg->nvips, extack);
	if (err)
		return err;
	err = vrrp_vip_check_free(dev, vr->family, cfg, vr, extack);
	if (err)
		return err;
	if (cfg->vmac && !old->vmac) {
		err = vrrp_vmac_attach(vr, dev, cfg);
		if (err) {
			NL_SET_ERR_MSG_MOD(extack, "cannot register the virtual MAC receive hook");
			return err;
		}
	}
	if (strcmp(old->sync, cfg->sync)) {
		/* Joining may fail (a new group); leaving cannot. */
		if (cfg->sync[0])
			err = vrrp_sync_join(vn, vr, cfg->sync, extack);
		else
			vrrp_sync_leave(vr);
		if (err) {
			if (!old->vmac)
				vrrp_vmac_detach(vr);
			return err;
		}
	}
	vrrp_instance_mc_update(vr, dev, cfg);
	vips_changed = old->nvips != cfg->nvips ||
		       memcmp(old->vips, cfg->vips, cfg->nvips * sizeof(cfg->vips[0]));
	vrrp_track_users(cfg, 1);
	vrrp_track_users(old, -1);
	vn->nvips += cfg->nvips - old->nvips;
	vn->dump_seq++;
	vrrp_arbiter_update(vr, old, cfg);
	rcu_assign_pointer(vr->cfg, cfg);
	call_rcu(&old->rcu, vrrp_cfg_free_rcu);

	__vrrp_instance_event(vr, &in, NULL, VRRP_EVF_REEVAL | VRRP_EVF_CONFIG);
	vrrp_arbiter_start(vr, cfg);
	if (period_changed) {
		spin_lock_bh(&vr->lock);
		vrrp_timers_garp_period(vr, cfg);
		spin_unlock_bh(&vr->lock);
	}
	if (!cfg->vmac && old_vmac)
		vrrp_vmac_detach(vr);
	if (cfg->vmac != old_vmac)
		vips_changed = true;	/* the VIP work moves the filter entry */
	if (vips_changed) {
		vrrp_instance_queue_vips(vr);
		vrrp_instance_announce(vr);
	}
	return 0;
}

/**
 * vrrp_instance_destroy() - end an instance; caller holds vn->lock, not RTNL
 * @vr: the instance, still linked
 * @remove_vips: remove installed VIPs from their devices (false when the
 *	whole netns is going away and takes them along; a VIP whose device is
 *	gone is only forgotten)
 *
 * Sends priority 0 if master, stops the timers, leaves the multicast group,
 * unlinks and drops the table's reference.
 */
void vrrp_instance_destroy(struct vrrp_instance *vr, bool remove_vips)
{
	struct vrrp_net *vn = vr->vn;
	struct net_device *dev;

	lockdep_assert_held(&vn->lock);
	if (vr->unlinked)
		return;

	vrrp_instance_kill(vr, VRRP_REASON_ADMIN);
	vrrp_timers_stop(vr);
	vrrp_arbiter_stop(vr);
	if (remove_vips)
		vrrp_vip_reconcile(vr);
	vrrp_vip_forget(vr);
	vrrp_sync_leave(vr);
	vrrp_track_users(rcu_dereference_protected(vr->cfg,
						   lockdep_is_held(&vn->lock)), -1);

	rtnl_lock();
	dev = rtnl_dereference(vr->dev);
	if (dev)
		vrrp_instance_mc_update(vr, dev, NULL);
	vr->mc_joined = false;
	vrrp_vmac_detach(vr);
	rtnl_unlock();

	hash_del_rcu(&vr->hnode);
	vr->unlinked = true;
	vn->count--;
	vn->nvips -= rcu_dereference_protected(vr->cfg, lockdep_is_held(&vn->lock))->nvips;
	vn->dump_seq++;
	vrrp_instance_put(vr);
}

struct vrrp_cfg *vrrp_cfg_alloc(u16 nvips, u8 family)
{
	struct vrrp_cfg *cfg;

	cfg = kvzalloc(struct_size(cfg, vips, nvips) + nvips * vrrp_alen(family),
		       GFP_KERNEL_ACCOUNT);
	if (!cfg)
		return NULL;
	cfg->nvips = nvips;
	cfg->wire_addrs = (u8 *)&cfg->vips[nvips];
	return cfg;
}

void vrrp_cfg_free(struct vrrp_cfg *cfg)
{
	if (cfg) {
		kfree(cfg->tracks);
		kfree(cfg->peers);
	}
	kvfree(cfg);
}

void vrrp_cfg_free_rcu(struct rcu_head *rcu)
{
	vrrp_cfg_free(container_of(rcu, struct vrrp_cfg, rcu));
}

/*
 * A copy with room for @nvips addresses, tracked elements included; the
 * VIP list itself is not copied.
 */
struct vrrp_cfg *vrrp_cfg_dup(const struct vrrp_cfg *old, u16 nvips, u8 family)
{
	struct vrrp_cfg *cfg = vrrp_cfg_alloc(nvips, family);

	if (!cfg)
		return NULL;
	memcpy(cfg, old, offsetof(struct vrrp_cfg, nvips));
	memset(&cfg->rcu, 0, sizeof(cfg->rcu));
	cfg->tracks = NULL;
	cfg->peers = NULL;
	if (old->ntracks) {
		cfg->tracks = kmemdup(old->tracks, old->ntracks * sizeof(*old->tracks),
				      GFP_KERNEL_ACCOUNT);
		if (!cfg->tracks)
			goto err;
	}
	if (old->npeers) {
		cfg->peers = kmemdup(old->peers, old->npeers * sizeof(*old->peers),
				     GFP_KERNEL_ACCOUNT);
		if (!cfg->peers)
			goto err;
	}
	return cfg;
err:
	vrrp_cfg_free(cfg);
	return NULL;
}

/* Pack the addresses an advert carries: at most 255 and what fits the MTU. */
void vrrp_cfg_pack(struct vrrp_cfg *cfg, u8 family, unsigned int mtu)
{
	unsigned int alen = vrrp_alen(family), room, n = 0, i;

	room = mtu > 20 + 40 + VRRP_HDR_LEN ? (mtu - 40 - VRRP_HDR_LEN) / alen : 1;
	room = min(room, 255U);
	for (i = 0; i < cfg->nvips && n < room; i++) {
		if (cfg->vips[i].excluded)
			continue;
		memcpy(cfg->wire_addrs + n * alen, cfg->vips[i].addr, alen);
		n++;
	}
	cfg->wire_count = n;
}
