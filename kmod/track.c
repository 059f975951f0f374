// SPDX-License-Identifier: GPL-2.0
/*
 * Trackers: named health indicators fed by scripts (fall/rise counting,
 * values, staleness), and the priority arithmetic of the elements an
 * instance tracks (trackers and interfaces), as keepalived does it.
 */

#include <linux/jiffies.h>
#include <linux/netdevice.h>
#include <linux/slab.h>

#include "compat.h"
#include "instance.h"
#include "netlink.h"
#include "netns.h"
#include "track.h"

struct vrrp_tracker *vrrp_tracker_find(struct vrrp_net *vn, const char *name)
{
	struct vrrp_tracker *trk;

	lockdep_assert_held(&vn->lock);
	list_for_each_entry(trk, &vn->trackers, node)
		if (!strcmp(trk->name, name))
			return trk;
	return NULL;
}

/* Re-evaluate every instance that tracks @trk or interface @ifindex. */
static void vrrp_track_reeval_users(struct vrrp_net *vn,
				    const struct vrrp_tracker *trk)
{
	struct vrrp_instance *vr;
	int bkt;

	lockdep_assert_held(&vn->lock);
	hash_for_each(vn->instances, bkt, vr, hnode) {
		const struct vrrp_cfg *cfg;

		cfg = rcu_dereference_protected(vr->cfg, lockdep_is_held(&vn->lock));
		if (vrrp_track_uses(cfg, trk, 0))
			vrrp_instance_reeval(vr);
	}
}

/* The tracker's status, value or weight changed: tell its users. */
void vrrp_tracker_changed(struct vrrp_tracker *trk)
{
	vrrp_track_reeval_users(trk->vn, trk);
}

/* Also the end of "not yet reported": every caller leaves that state. */
static void vrrp_tracker_set_ok(struct vrrp_tracker *trk, bool ok, bool stale)
{
	WRITE_ONCE(trk->ok, ok);
	WRITE_ONCE(trk->pending, false);
	trk->stale = stale;
	trk->count = 0;
	vrrp_genl_tracker_notify(trk);
}

static void vrrp_tracker_stale_work(struct work_struct *work)
{
	struct vrrp_tracker *trk = container_of(to_delayed_work(work),
						struct vrrp_tracker, stale_work);
	struct vrrp_net *vn = trk->vn;

	mutex_lock(&vn->lock);
	if (trk->dead || !trk->timeout_ms)
		goto out;
	/* A report came in while this work was on its way: it re-armed it. */
	if (trk->last_report && ktime_get_ns() - trk->last_report <
				(u64)trk->timeout_ms * NSEC_PER_MSEC)
		goto out;
	/* Not yet reported (!ok, !stale) included: the timeout runs from creation. */
	if (trk->ok || !trk->stale) {
		pr_debug("tracker %s is stale\n", trk->name);
		vrrp_tracker_set_ok(trk, false, true);
		vrrp_tracker_changed(trk);
	}
out:
	mutex_unlock(&vn->lock);
}

/* (Re)start the staleness countdown, from now. */
void vrrp_tracker_arm(struct vrrp_tracker *trk)
{
	lockdep_assert_held(&trk->vn->lock);
	if (trk->timeout_ms)
		mod_delayed_work(vrrp_wq, &trk->stale_work,
				 msecs_to_jiffies(trk->timeout_ms));
	else
		cancel_delayed_work(&trk->stale_work);
}

/*
 * The initial state, as keepalived 2.2 (2.2.8 read) has it:
 *
 * - A vrrp_script starts "init": alloc_track_script() (vrrp_track.c) sets
 *   SCRIPT_INIT_STATE_INIT, vrrp_init_script() (vrrp_scheduler.c) starts its
 *   counter at rise - 1, so that the first exit decides alone: success makes
 *   it OK, failure makes it failed, whatever rise and fall say
 *   (vrrp_script_child_thread(), which then sets SCRIPT_INIT_STATE_DONE).
 *   A script killed at its timeout counts as a failure.
 * - An instance tracking it with weight 0 counts it in num_script_init
 *   (initialise_track_script_state(), vrrp_track.c) and is held in FAULT,
 *   silently (no notify), while that count is not 0 (vrrp_init_state(),
 *   vrrp_scheduler.c); a sync group with such a member holds all its members
 *   (num_member_init). The first exit decrements it
 *   (process_script_update_priority(), vrrp_track.c): failure puts the
 *   instance in FAULT (down_instance()), success lets it up (try_up_instance()
 *   with leaving_init, vrrp_scheduler.c) if nothing else holds it.
 * - With a weight, the script adds nothing while "init" (neither +weight nor
 *   a negative weight: initialise_track_script_state()); its first exit adds
 *   what its new status adds (process_script_update_priority()).
 * - init_fail (vrrp_vscript_init_fail_handler(), vrrp_parser.c) starts it
 *   failed (SCRIPT_INIT_STATE_FAILED, counter 0): weight 0 is FAULT at once,
 *   a weight counts as failed, and rise good exits make it OK as usual.
 *   keepalived's start-up ignores "reverse" there (a weight-0 reverse
 *   init_fail script is a FAULT that the first good exit does not clear);
 *   here "reverse" applies to a failed tracker as always.
 * - A track_file has no such state: init_track_files() (trackers/
 *   track_file.c) reads the file at start-up, a missing or empty file is 0,
 *   and init_file VALUE writes VALUE (0 if none) at start-up; "vrrpctl load"
 *   does not translate track_file.
 *
 * Here VRRP_TRK_INIT_UNKNOWN is the "init" state (@pending), left by the
 * first report or by the timeout (stale, failed); VRRP_TRK_INIT_FAIL is
 * init_fail; VRRP_TRK_INIT_OK, the default, is the module's old behaviour.
 */
struct vrrp_tracker *vrrp_tracker_create(struct vrrp_net *vn, const char *name,
					 u8 init)
{
	struct vrrp_tracker *trk;

	lockdep_assert_held(&vn->lock);
	trk = kzalloc(sizeof(*trk), GFP_KERNEL_ACCOUNT);
	if (!trk)
		return NULL;
	trk->vn = vn;
	strscpy(trk->name, name, sizeof(trk->name));
	trk->fall = 1;
	trk->rise = 1;
	trk->init = init;
	trk->ok = init == VRRP_TRK_INIT_OK;
	trk->pending = init == VRRP_TRK_INIT_UNKNOWN;
	INIT_DELAYED_WORK(&trk->stale_work, vrrp_tracker_stale_work);
	list_add_tail(&trk->node, &vn->trackers);
	vn->ntrackers++;
	pr_debug("tracker %s created\n", trk->name);
	return trk;
}

/**
 * vrrp_tracker_report() - a check ran, or a script set a value
 * @trk: the tracker
 * @result: the check passed
 * @has_value: @value is a new value for the tracker (counts as passed)
 * @value: the value
 */
void vrrp_tracker_report(struct vrrp_tracker *trk, bool result, bool has_value,
			 int value)
{
	bool changed = false, new_value = false;

	lockdep_assert_held(&trk->vn->lock);
	trk->last_report = ktime_get_ns();
	if (has_value) {
		result = true;
		new_value = !trk->has_value || trk->value != value;
		WRITE_ONCE(trk->value, value);
		WRITE_ONCE(trk->has_value, true);
	}
	if (result)
		trk->reports_ok++;
	else
		trk->reports_fail++;
	trk->stale = false;

	if (trk->pending) {
		/* The first report decides alone (keepalived's init state). */
		vrrp_tracker_set_ok(trk, result, false);
		changed = true;
	} else if (result == trk->ok) {
		trk->count = 0;
	} else if (++trk->count >= (trk->ok ? trk->fall : trk->rise)) {
		vrrp_tracker_set_ok(trk, result, false);
		changed = true;
	}
	if (new_value && !changed)
		vrrp_genl_tracker_notify(trk);
	vrrp_tracker_arm(trk);
	if (changed || new_value)
		vrrp_tracker_changed(trk);
}

static void vrrp_tracker_free(struct vrrp_tracker *trk)
{
	cancel_delayed_work_sync(&trk->stale_work);
	pr_debug("tracker %s destroyed\n", trk->name);
	kfree_rcu(trk, rcu);
}

/*
 * Caller holds vn->lock and must not free anything else with it: the
 * staleness work takes vn->lock, so it is cancelled here only after the
 * tracker is unlinked and marked dead (the work then does nothing).
 */
int vrrp_tracker_delete(struct vrrp_tracker *trk, struct netlink_ext_ack *extack)
{
	struct vrrp_net *vn = trk->vn;

	lockdep_assert_held(&vn->lock);
	if (trk->users) {
		NL_SET_ERR_MSG_FMT_MOD(extack,
				       "tracker \"%s\" is tracked by %u instance(s)",
				       trk->name, trk->users);
		return -EBUSY;
	}
	list_del(&trk->node);
	vn->ntrackers--;
	trk->dead = true;
	/* The work may wait for vn->lock: cancel without waiting here. */
	cancel_delayed_work(&trk->stale_work);
	list_add(&trk->node, &vn->trackers_dead);
	return 0;
}

/* Free deleted trackers; caller holds no lock (the work may take vn->lock). */
void vrrp_trackers_reap(struct vrrp_net *vn)
{
	struct vrrp_tracker *trk, *tmp;
	LIST_HEAD(dead);

	mutex_lock(&vn->lock);
	list_splice_init(&vn->trackers_dead, &dead);
	mutex_unlock(&vn->lock);
	list_for_each_entry_safe(trk, tmp, &dead, node)
		vrrp_tracker_free(trk);
}

/* Netns exit, after the instances are gone (no users left). */
void vrrp_trackers_net_exit(struct vrrp_net *vn)
{
	struct vrrp_tracker *trk, *tmp;

	mutex_lock(&vn->lock);
	list_for_each_entry_safe(trk, tmp, &vn->trackers, node) {
		WARN_ON(trk->users);
		trk->users = 0;
		vrrp_tracker_delete(trk, NULL);
	}
	WARN_ON(vn->ntrackers);
	mutex_unlock(&vn->lock);
	vrrp_trackers_reap(vn);
}

/* A configuration is published (+1) or retired (-1): count its trackers' users. */
void vrrp_track_users(const struct vrrp_cfg *cfg, int delta)
{
	unsigned int i;

	for (i = 0; i < cfg->ntracks; i++)
		if (cfg->tracks[i].trk)
			cfg->tracks[i].trk->users += delta;
}

bool vrrp_track_uses(const struct vrrp_cfg *cfg, const struct vrrp_tracker *trk,
		     int ifindex)
{
	unsigned int i;

	for (i = 0; i < cfg->ntracks; i++) {
		const struct vrrp_track_cfg *tc = &cfg->tracks[i];

		if (trk ? tc->trk == trk : (!tc->trk && tc->ifindex == ifindex))
			return true;
	}
	return false;
}

/*
 * keepalived's arithmetic for one element with weight @w and status @ok: a
 * positive weight adds while OK, a negative one subtracts while failed;
 * "reverse" negates what is added (keepalived's weight multiplier -1). With
 * weight 0 nothing is added: failing (OK, with "reverse") is a fault.
 */
static u32 vrrp_track_weigh(int w, bool ok, bool reverse, int *contrib)
{
	*contrib = 0;
	if (!w)
		return ok == reverse ? VRRP_FAULT_TRACK : 0;
	if ((w > 0 && ok) || (w < 0 && !ok))
		*contrib = reverse ? -w : w;
	return 0;
}

/**
 * vrrp_track_elem() - status and contribution of one tracked element
 * @tc: the element
 * @net: the instance's netns, for interfaces
 * @state: set to the element's own status, VRRP_TRK_STATE_*
 * @contrib: set to what it adds to the priority
 *
 * Caller holds rcu_read_lock. Returns the VRRP_FAULT_* bit the element puts
 * the instance in (VRRP_FAULT_TRACK, VRRP_FAULT_INIT), or 0.
 */
u32 vrrp_track_elem(const struct vrrp_track_cfg *tc, struct net *net,
		    u8 *state, int *contrib)
{
	struct vrrp_tracker *trk = tc->trk;
	struct net_device *dev;
	int w, value;
	bool ok;

	if (!trk) {
		dev = dev_get_by_index_rcu(net, tc->ifindex);
		ok = dev && vrrp_link_up(dev);
		*state = ok ? VRRP_TRK_STATE_OK : VRRP_TRK_STATE_FAILED;
		return vrrp_track_weigh(tc->weight, ok, tc->reverse, contrib);
	}
	w = tc->has_weight ? tc->weight : READ_ONCE(trk->weight);
	if (READ_ONCE(trk->pending)) {
		/*
		 * Not yet reported (see vrrp_tracker_create()): nothing added
		 * whatever the weight and "reverse"; weight 0 holds the
		 * instance out, as keepalived's num_script_init.
		 */
		*state = VRRP_TRK_STATE_INIT;
		*contrib = 0;
		return w ? 0 : VRRP_FAULT_INIT;
	}
	ok = READ_ONCE(trk->ok);
	*state = ok ? VRRP_TRK_STATE_OK : VRRP_TRK_STATE_FAILED;
	if (ok && READ_ONCE(trk->has_value)) {
		/* As keepalived's track_file: value * weight, weight 0 = fault. */
		value = READ_ONCE(trk->value);
		w = tc->has_weight ? tc->weight : 1;
		*contrib = value * (tc->reverse ? -w : w);
		return !w && (value != 0) != tc->reverse ? VRRP_FAULT_TRACK : 0;
	}
	return vrrp_track_weigh(w, ok, tc->reverse, contrib);
}

/* Sum of the contributions into @sum; the VRRP_FAULT_* bits of the elements. */
u32 vrrp_track_eval(const struct vrrp_cfg *cfg, struct net *net, int *sum)
{
	unsigned int i;
	u32 fault = 0;
	u8 state;
	int c;

	*sum = 0;
	for (i = 0; i < cfg->ntracks; i++) {
		fault |= vrrp_track_elem(&cfg->tracks[i], net, &state, &c);
		*sum += c;
	}
	return fault;
}
