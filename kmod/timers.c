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

static enum hrtimer_restart vrrp_down_expired(struct hrtimer *t)
{
	struct vrrp_instance *vr = container_of(t, struct vrrp_instance, down_timer);

	vrrp_instance_timer_event(vr, VRRP_EV_DOWN_TIMER, t);
	return HRTIMER_NORESTART;
}

static void vrrp_garp_arm(struct vrrp_instance *vr, u32 ms)
{
	hrtimer_start(&vr->garp_timer, ms_to_ktime(ms), HRTIMER_MODE_REL_SOFT);
}

/* Continue a GARP burst, or start the refresh burst (garp_left == 0). */
static enum hrtimer_restart vrrp_garp_expired(struct hrtimer *t)
{
	struct vrrp_instance *vr = container_of(t, struct vrrp_instance, garp_timer);
	const struct vrrp_cfg *cfg;
	struct net_device *dev;
	u32 rounds = 0;

	rcu_read_lock();
	cfg = rcu_dereference(vr->cfg);
	spin_lock(&vr->lock);
	if (vr->dead || vr->fsm.state != VRRP_STATE_MASTER)
		goto unlock;
	if (!vr->garp_left) {
		if (vr->garp_refresh_done)
			goto unlock;
		vr->garp_refresh_done = true;
		vr->garp_left = cfg->garp_count;
	}
	rounds = cfg->garp_interval_ms ? 1 : vr->garp_left;
	vr->garp_left -= rounds;
	if (vr->garp_left)
		vrrp_garp_arm(vr, cfg->garp_interval_ms);
	else if (!vr->garp_refresh_done && cfg->garp_refresh_ms)
		vrrp_garp_arm(vr, cfg->garp_refresh_ms);
unlock:
	spin_unlock(&vr->lock);

	dev = rcu_dereference(vr->dev);
	while (dev && rounds--)
		vrrp_tx_garps(vr, dev, cfg);
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
	if (vr->dead)
		return;
	if (out->actions & VRRP_ACT_ARM_ADVER)
		hrtimer_start(&vr->adver_timer, ns_to_ktime(out->adver_ns),
			      HRTIMER_MODE_REL_SOFT);
	if (out->actions & VRRP_ACT_ARM_DOWN)
		hrtimer_start(&vr->down_timer, ns_to_ktime(out->down_ns),
			      HRTIMER_MODE_REL_SOFT);
}

/*
 * A new master: the first GARP round goes out at once from the caller
 * (all of them when garp_interval is 0); the rest and the refresh burst
 * come from the GARP timer.
 */
void vrrp_timers_announce(struct vrrp_instance *vr, const struct vrrp_cfg *cfg)
{
	lockdep_assert_held(&vr->lock);

	vr->garp_refresh_done = false;
	vr->garp_left = cfg->garp_interval_ms ? cfg->garp_count - 1 : 0;
	if (vr->garp_left)
		vrrp_garp_arm(vr, cfg->garp_interval_ms);
	else if (cfg->garp_refresh_ms)
		vrrp_garp_arm(vr, cfg->garp_refresh_ms);
}

/* Wait for running callbacks; the instance is dead, so nothing re-arms. */
void vrrp_timers_stop(struct vrrp_instance *vr)
{
	hrtimer_cancel(&vr->adver_timer);
	hrtimer_cancel(&vr->down_timer);
	hrtimer_cancel(&vr->garp_timer);
}
