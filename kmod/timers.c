// SPDX-License-Identifier: GPL-2.0
/*
 * The three per-instance hrtimers, all in soft mode so that their callbacks
 * run in softirq like the receive path: Adver_Timer, Master_Down_Timer and
 * the gratuitous ARP burst. The state machine decides what to arm; this file
 * only arms, stops and reports expiry back as events.
 */

#include "instance.h"
#include "timers.h"
#include "tx.h"

static enum hrtimer_restart vrrp_adver_expired(struct hrtimer *t)
{
	struct vrrp_instance *vr = container_of(t, struct vrrp_instance, adver_timer);

	vrrp_instance_timer_event(vr, VRRP_EV_ADVER_TIMER, t);
	return HRTIMER_NORESTART;
}

/*
 * A Master_Down_Timer that fires late, by more than half of
 * Master_Adver_Interval, tells that this CPU's softirqs were held up (by
 * ksoftirqd waiting behind other work, say): adverts of a live master may
 * still sit in the receive backlog, which the softirq budget drains over
 * several passes, while the timer runs in the first. They get one
 * Master_Adver_Interval to arrive before the master is called dead; once
 * per arming, so a dead master costs at most that much more, and only when
 * the backup was late already.
 */
static bool vrrp_down_grace(struct vrrp_instance *vr, struct hrtimer *t)
{
	u64 adv_ns, late_ns;
	bool grace = false;

	spin_lock(&vr->lock);
	if (vr->dead || hrtimer_is_queued(t) || vr->down_grace_used ||
	    vr->fsm.state != VRRP_STATE_BACKUP)
		goto out;
	adv_ns = (u64)vr->fsm.master_adv_int * VRRP_NSEC_PER_CS;
	late_ns = ktime_to_ns(ktime_sub(ktime_get(), hrtimer_get_expires(t)));
	if (late_ns > adv_ns / 2) {
		vr->down_grace_used = true;
		hrtimer_forward_now(t, ns_to_ktime(adv_ns));
		vrrp_stat_inc(vr, VRRP_ISTAT_DOWN_TIMER_LATE);
		grace = true;
	}
out:
	spin_unlock(&vr->lock);
	return grace;
}

static enum hrtimer_restart vrrp_down_expired(struct hrtimer *t)
{
	struct vrrp_instance *vr = container_of(t, struct vrrp_instance, down_timer);

	if (vrrp_down_grace(vr, t))
		return HRTIMER_RESTART;
	vrrp_instance_timer_event(vr, VRRP_EV_DOWN_TIMER, t);
	return HRTIMER_NORESTART;
}

/*
 * GARP bursts (announcements of a new master: a gratuitous ARP or an
 * unsolicited NA per VIP, garp_count rounds) are sent in passes of at most
 * VRRP_GARP_BUDGET frames: the first pass at once by the caller, the rest
 * from the GARP timer, VRRP_GARP_PAUSE_NS apart, or garp_interval_ms apart
 * between rounds. So no softirq pass sends more than the budget, whatever
 * the VIP count and garp_count (up to 1024 x 100 frames), and a sync group
 * of VRRP_SYNC_MEMBER_MAX members at most that many budgets.
 *
 * One timer serves the whole sequence of a master: the first burst, the
 * second one garp_refresh_ms after it (garp_refresh_done once it started),
 * then, while garp_period_ms is set, a refresh burst of garp_period_count
 * rounds garp_period_ms after the end of the burst before it. The refresh
 * bursts go through the same passes, so the budget holds for them too, and
 * a period counts from the end of a burst: bursts never overlap.
 *
 * Locking: garp_left, garp_next and garp_refresh_done are vr->lock's, and
 * the timer is armed only under it (vrrp_timers_garp_take(),
 * vrrp_timers_garp_period()), for a master that is not dead (they or their
 * callers check both), so that once @dead is set vrrp_timers_stop() is final, and
 * a config change (published before the lock is taken) is seen by the next
 * pass or refresh. The callback takes the lock and drops a
 * run whose timer was re-armed meanwhile (a newer arming owns the work) or
 * whose instance is no longer master; it transmits after unlocking, under
 * RCU, in softirq, with the configuration it read under the lock. Leaving
 * master cancels the timer (try_to_cancel under the lock: a callback that
 * already runs finds the state changed and sends nothing).
 */
#define VRRP_GARP_BUDGET	64
#define VRRP_GARP_PAUSE_NS	(500 * NSEC_PER_USEC)

static void vrrp_garp_arm(struct vrrp_instance *vr, u64 ns)
{
	hrtimer_start(&vr->garp_timer, ns_to_ktime(ns), HRTIMER_MODE_REL_SOFT);
}

/**
 * vrrp_timers_garp_take() - reserve the next pass of the current burst
 * @vr: the instance; caller holds vr->lock
 * @cfg: its configuration, the one the frames are sent with
 * @first: set to the index of the first VIP of the pass
 *
 * Advances the burst and arms the GARP timer for what follows: the next
 * pass, the second burst or the next refresh burst. Returns how many frames
 * to send, VIP @first onwards, wrapping around the list into the next rounds.
 */
u32 vrrp_timers_garp_take(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			  u16 *first)
{
	u32 room, n, end;

	lockdep_assert_held(&vr->lock);
	if (!vr->garp_left || !cfg->nvips)
		return 0;
	if (vr->garp_next >= cfg->nvips)	/* the list shrank */
		vr->garp_next = 0;
	*first = vr->garp_next;
	room = cfg->nvips - vr->garp_next;
	if (!cfg->garp_interval_ms)	/* later rounds back to back */
		room += (vr->garp_left - 1) * cfg->nvips;
	n = min_t(u32, room, VRRP_GARP_BUDGET);
	end = vr->garp_next + n;
	vr->garp_left -= end / cfg->nvips;
	vr->garp_next = end % cfg->nvips;

	if (vr->garp_left) {
		vrrp_garp_arm(vr, !vr->garp_next && cfg->garp_interval_ms ?
			      (u64)cfg->garp_interval_ms * NSEC_PER_MSEC :
			      VRRP_GARP_PAUSE_NS);
	} else if (!vr->garp_refresh_done && cfg->garp_refresh_ms) {
		vrrp_garp_arm(vr, (u64)cfg->garp_refresh_ms * NSEC_PER_MSEC);
	} else {
		vr->garp_refresh_done = true;
		if (cfg->garp_period_ms)
			vrrp_garp_arm(vr, (u64)cfg->garp_period_ms * NSEC_PER_MSEC);
	}
	return n;
}

/*
 * Continue a GARP burst, or start the second burst or a refresh burst
 * (garp_left == 0).
 */
static enum hrtimer_restart vrrp_garp_expired(struct hrtimer *t)
{
	struct vrrp_instance *vr = container_of(t, struct vrrp_instance, garp_timer);
	const struct vrrp_cfg *cfg;
	struct net_device *dev;
	u16 first = 0;
	u32 n = 0;

	rcu_read_lock();
	spin_lock(&vr->lock);
	cfg = rcu_dereference(vr->cfg);
	if (vr->dead || vr->fsm.state != VRRP_STATE_MASTER || hrtimer_is_queued(t))
		goto unlock;
	if (!vr->garp_left) {
		if (!vr->garp_refresh_done) {
			vr->garp_refresh_done = true;
			vr->garp_left = cfg->garp_count;
		} else if (cfg->garp_period_ms) {
			vr->garp_left = cfg->garp_period_count;
		} else {
			goto unlock;	/* the period was switched off */
		}
		vr->garp_next = 0;
	}
	n = vrrp_timers_garp_take(vr, cfg, &first);
unlock:
	spin_unlock(&vr->lock);

	dev = rcu_dereference(vr->dev);
	if (dev && n)
		vrrp_tx_garps(vr, dev, cfg, first, n);
	rcu_read_unlock();
	return HRTIMER_NORESTART;
}

void vrrp_timers_init(struct vrrp_instance *vr)
{
	hrtimer_init(&vr->adver_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	vr->adver_timer.function = vrrp_adver_expired;
	hrtimer_init(&vr->down_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	vr->down_timer.function = vrrp_down_expired;
	hrtimer_init(&vr->garp_timer, CLOCK_MONOTONIC, HRTIMER_MODE_REL_SOFT);
	vr->garp_timer.function = vrrp_garp_expired;
}

/*
 * Carry out the timer actions of one state machine step. Caller holds
 * vr->lock, so a callback may be running concurrently: try_to_cancel is
 * enough, a callback that already started finds its event stale or out of
 * state and does nothing.
 */
void vrrp_timers_apply(struct vrrp_instance *vr, const struct vrrp_fsm_output *out)
{
	lockdep_assert_held(&vr->lock);

	if (out->actions & VRRP_ACT_STOP_ADVER)
		hrtimer_try_to_cancel(&vr->adver_timer);
	if (out->actions & VRRP_ACT_STOP_DOWN)
		hrtimer_try_to_cancel(&vr->down_timer);
	if (out->changed && out->old_state == VRRP_STATE_MASTER &&
	    vr->fsm.state != VRRP_STATE_MASTER) {
		/* No more bursts, refresh bursts included, until master again. */
		vr->garp_left = 0;
		hrtimer_try_to_cancel(&vr->garp_timer);
	}
	if (vr->dead)
		return;
	if (out->actions & VRRP_ACT_ARM_ADVER)
		hrtimer_start(&vr->adver_timer, ns_to_ktime(out->adver_ns),
			      HRTIMER_MODE_REL_SOFT);
	if (out->actions & VRRP_ACT_ARM_DOWN) {
		vr->down_grace_used = false;
		hrtimer_start(&vr->down_timer, ns_to_ktime(out->down_ns),
			      HRTIMER_MODE_REL_SOFT);
	}
}

/*
 * A new master, or new VIPs: a new burst. The caller sends its first pass
 * (vrrp_timers_garp_take()) at once, the GARP timer the rest and the
 * refresh burst.
 */
void vrrp_timers_announce(struct vrrp_instance *vr, const struct vrrp_cfg *cfg)
{
	lockdep_assert_held(&vr->lock);

	vr->garp_refresh_done = false;
	vr->garp_left = cfg->garp_count;
	vr->garp_next = 0;
}

/**
 * vrrp_timers_garp_period() - a new garp_period_ms takes effect
 * @vr: the instance; caller holds vr->lock
 * @cfg: its configuration, just published
 *
 * A master waiting for its next refresh burst waits one new period from
 * now, or no longer when the period is 0. During a burst, or before the
 * second burst, the end of that burst arms the new period.
 */
void vrrp_timers_garp_period(struct vrrp_instance *vr, const struct vrrp_cfg *cfg)
{
	lockdep_assert_held(&vr->lock);

	if (vr->dead || vr->fsm.state != VRRP_STATE_MASTER || vr->garp_left ||
	    !vr->garp_refresh_done)
		return;
	if (cfg->garp_period_ms)
		vrrp_garp_arm(vr, (u64)cfg->garp_period_ms * NSEC_PER_MSEC);
	else
		hrtimer_try_to_cancel(&vr->garp_timer);
}

/* Wait for running callbacks; the instance is dead, so nothing re-arms. */
void vrrp_timers_stop(struct vrrp_instance *vr)
{
	hrtimer_cancel(&vr->adver_timer);
	hrtimer_cancel(&vr->down_timer);
	hrtimer_cancel(&vr->garp_timer);
}
