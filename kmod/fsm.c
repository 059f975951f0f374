// SPDX-License-Identifier: GPL-2.0
/*
 * The RFC 9568 section 6.4 state machine, as a pure function of
 * (state, configuration, event). The caller carries out the actions it
 * returns; nothing here touches a timer, a socket or an address.
 *
 * Pure code: no kernel calls, so the host unit tests build this very file.
 */

#include "fsm.h"

u64 vrrp_fsm_skew_ns(u8 prio, u16 master_adv_int)
{
	/*
	 * ((256 - Priority) * Master_Adver_Interval) / 256, in ns without
	 * rounding to centiseconds first. At most 256 * 65535 * 10^7, far
	 * below 2^64; the division by 256 is a shift.
	 */
	return (u64)(256 - prio) * master_adv_int * VRRP_NSEC_PER_CS / 256;
}

u64 vrrp_fsm_down_ns(u8 prio, u16 master_adv_int)
{
	return 3 * (u64)master_adv_int * VRRP_NSEC_PER_CS +
	       vrrp_fsm_skew_ns(prio, master_adv_int);
}

/*
 * RFC 3768 (VRRPv2): Skew_Time = (256 - Priority) / 256 seconds, whatever
 * the advert interval; VRRPv3 scales it with Master_Adver_Interval.
 */
static u64 vrrp_fsm_skew(const struct vrrp_fsm_cfg *cfg, u16 master_adv_int)
{
	return vrrp_fsm_skew_ns(cfg->priority, cfg->v2 ? 100 : master_adv_int);
}

static u64 vrrp_fsm_down(const struct vrrp_fsm_cfg *cfg, u16 master_adv_int)
{
	return 3 * (u64)master_adv_int * VRRP_NSEC_PER_CS +
	       vrrp_fsm_skew(cfg, master_adv_int);
}

static void vrrp_fsm_set_state(struct vrrp_fsm *fsm,
			       struct vrrp_fsm_output *out,
			       enum vrrp_state state, enum vrrp_reason reason)
{
	out->changed = true;
	out->old_state = fsm->state;
	out->reason = reason;
	fsm->state = state;
	fsm->preempt_at = 0;
	fsm->saw_lower = false;
	fsm->saw_prio0 = false;
}

static void vrrp_fsm_arm_adver(const struct vrrp_fsm_cfg *cfg,
			       struct vrrp_fsm_output *out)
{
	out->actions |= VRRP_ACT_ARM_ADVER;
	out->adver_ns = (u64)cfg->adv_int * VRRP_NSEC_PER_CS;
}

static void vrrp_fsm_arm_down(struct vrrp_fsm_output *out, u64 ns)
{
	out->actions |= VRRP_ACT_ARM_DOWN;
	out->down_ns = ns;
}

/* Send an advert now and restart Adver_Timer (Master stays Master). */
static void vrrp_fsm_advertise(const struct vrrp_fsm_cfg *cfg,
			       struct vrrp_fsm_output *out)
{
	out->actions |= VRRP_ACT_SEND_ADVERT;
	vrrp_fsm_arm_adver(cfg, out);
}

/* Any state -> Master: advertise, announce, take the addresses. */
static void vrrp_fsm_become_master(struct vrrp_fsm *fsm,
				   const struct vrrp_fsm_cfg *cfg,
				   struct vrrp_fsm_output *out,
				   enum vrrp_reason reason)
{
	out->actions |= VRRP_ACT_SEND_ADVERT | VRRP_ACT_ANNOUNCE |
			VRRP_ACT_VIPS_ADD;
	vrrp_fsm_arm_adver(cfg, out);
	vrrp_fsm_set_state(fsm, out, VRRP_STATE_MASTER, reason);
	/* We are the master: our interval is the master's. */
	fsm->master_adv_int = cfg->adv_int;
}

/* Adopt @adv_int as Master_Adver_Interval and restart Master_Down_Timer. */
static void vrrp_fsm_accept(struct vrrp_fsm *fsm,
			    const struct vrrp_fsm_cfg *cfg,
			    struct vrrp_fsm_output *out, u16 adv_int)
{
	fsm->master_adv_int = adv_int;
	vrrp_fsm_arm_down(out, vrrp_fsm_down(cfg, adv_int));
}

/* Initialize (or Fault, on link up): section 6.4.1. */
static void vrrp_fsm_startup(struct vrrp_fsm *fsm,
			     const struct vrrp_fsm_cfg *cfg,
			     const struct vrrp_fsm_input *in,
			     struct vrrp_fsm_output *out)
{
	if (cfg->priority == VRRP_PRIORITY_OWNER) {
		vrrp_fsm_become_master(fsm, cfg, out, VRRP_REASON_OWNER);
		return;
	}
	fsm->master_adv_int = cfg->adv_int;
	vrrp_fsm_arm_down(out, vrrp_fsm_down(cfg, cfg->adv_int));
	vrrp_fsm_set_state(fsm, out, VRRP_STATE_BACKUP, in->reason);
}

/*
 * An advert while Backup, section 6.4.2, plus keepalived's preempt_delay:
 * a lower-priority master is tolerated (as if it were higher) until
 * preempt_delay_ns after the first of its adverts we would have ignored.
 */
static void vrrp_fsm_backup_advert(struct vrrp_fsm *fsm,
				   const struct vrrp_fsm_cfg *cfg,
				   const struct vrrp_fsm_input *in,
				   struct vrrp_fsm_output *out)
{
	if (in->prio == 0) {
		fsm->saw_prio0 = true;
		fsm->saw_lower = false;
		vrrp_fsm_arm_down(out, vrrp_fsm_skew(cfg, fsm->master_adv_int));
		return;
	}
	fsm->saw_prio0 = false;

	if (!cfg->preempt || in->prio >= cfg->priority) {
		fsm->saw_lower = false;
		fsm->preempt_at = 0;
		vrrp_fsm_accept(fsm, cfg, out, in->adv_int);
		return;
	}

	/* Preempt_Mode and a lower-priority master. */
	fsm->saw_lower = true;
	if (cfg->preempt_delay_ns) {
		if (!fsm->preempt_at)
			fsm->preempt_at = in->now + cfg->preempt_delay_ns;
		if (in->now < fsm->preempt_at) {
			vrrp_fsm_accept(fsm, cfg, out, in->adv_int);
			return;
		}
	}
	/*
	 * Discard: Master_Down_Timer runs out and we preempt. With
	 * fast-preempt, the outcome the RFC reaches then is taken now.
	 */
	if (cfg->fast_preempt && !in->hold) {
		out->actions |= VRRP_ACT_STOP_DOWN;
		vrrp_fsm_become_master(fsm, cfg, out, VRRP_REASON_FAST_PREEMPT);
	}
}

static void vrrp_fsm_backup(struct vrrp_fsm *fsm,
			    const struct vrrp_fsm_cfg *cfg,
			    const struct vrrp_fsm_input *in,
			    struct vrrp_fsm_output *out)
{
	enum vrrp_reason reason;

	switch (in->event) {
	case VRRP_EV_SHUTDOWN:
		out->actions |= VRRP_ACT_STOP_DOWN;
		vrrp_fsm_set_state(fsm, out, VRRP_STATE_INIT, in->reason);
		break;
	case VRRP_EV_FAULT:
		out->actions |= VRRP_ACT_STOP_DOWN;
		vrrp_fsm_set_state(fsm, out, VRRP_STATE_FAULT, in->reason);
		break;
	case VRRP_EV_SYNC_MASTER:
		out->actions |= VRRP_ACT_STOP_DOWN;
		vrrp_fsm_become_master(fsm, cfg, out, VRRP_REASON_SYNC_GROUP);
		break;
	case VRRP_EV_DOWN_TIMER:
		if (in->hold) {
			vrrp_fsm_arm_down(out, vrrp_fsm_down(cfg, fsm->master_adv_int));
			break;
		}
		if (fsm->saw_lower)
			reason = VRRP_REASON_PREEMPTED;
		else if (fsm->saw_prio0)
			reason = VRRP_REASON_PRIO0;
		else
			reason = VRRP_REASON_TIMER;
		vrrp_fsm_become_master(fsm, cfg, out, reason);
		break;
	case VRRP_EV_ADVERT:
		vrrp_fsm_backup_advert(fsm, cfg, in, out);
		break;
	case VRRP_EV_CONFIG:
		/* Raised to 255: the owner takes over at once. */
		if (cfg->priority == VRRP_PRIORITY_OWNER) {
			out->actions |= VRRP_ACT_STOP_DOWN;
			vrrp_fsm_become_master(fsm, cfg, out,
					       VRRP_REASON_OWNER);
		}
		break;
	case VRRP_EV_STARTUP:
	case VRRP_EV_ADVER_TIMER:
	case VRRP_EV_SYNC_BACKUP:
		break;
	}
}

/* An advert while Master, section 6.4.3. */
static void vrrp_fsm_master_advert(struct vrrp_fsm *fsm,
				   const struct vrrp_fsm_cfg *cfg,
				   const struct vrrp_fsm_input *in,
				   struct vrrp_fsm_output *out)
{
	if (in->prio == 0) {
		vrrp_fsm_advertise(cfg, out);
		return;
	}
	if (in->prio > cfg->priority ||
	    (in->prio == cfg->priority && in->addr_cmp > 0)) {
		out->actions |= VRRP_ACT_STOP_ADVER | VRRP_ACT_VIPS_DEL;
		vrrp_fsm_set_state(fsm, out, VRRP_STATE_BACKUP,
				   VRRP_REASON_HIGHER_PRIO);
		vrrp_fsm_accept(fsm, cfg, out, in->adv_int);
		return;
	}
	/* Equal priority and address: our own advert looped back. */
	if (in->prio == cfg->priority && in->addr_cmp == 0)
		return;
	/*
	 * A lower master: make sure it hears us now. It was master a moment
	 * ago (it did not hear us for Master_Down_Interval) and announced the
	 * VIPs: announce them again, or neighbours keep sending to it
	 * (keepalived's garp_lower_prio_repeat). At most once per
	 * VRRP_REANNOUNCE_NS, so a router that never hears us causes no storm.
	 */
	vrrp_fsm_advertise(cfg, out);
	if (in->now >= fsm->reannounce_at) {
		out->actions |= VRRP_ACT_ANNOUNCE;
		fsm->reannounce_at = in->now + VRRP_REANNOUNCE_NS;
	}
}

static void vrrp_fsm_master(struct vrrp_fsm *fsm,
			    const struct vrrp_fsm_cfg *cfg,
			    const struct vrrp_fsm_input *in,
			    struct vrrp_fsm_output *out)
{
	switch (in->event) {
	case VRRP_EV_SHUTDOWN:
		out->actions |= VRRP_ACT_STOP_ADVER | VRRP_ACT_SEND_PRIO0 |
				VRRP_ACT_VIPS_DEL;
		vrrp_fsm_set_state(fsm, out, VRRP_STATE_INIT, in->reason);
		break;
	case VRRP_EV_FAULT:
		out->actions |= VRRP_ACT_STOP_ADVER | VRRP_ACT_SEND_PRIO0 |
				VRRP_ACT_VIPS_DEL;
		vrrp_fsm_set_state(fsm, out, VRRP_STATE_FAULT, in->reason);
		break;
	case VRRP_EV_SYNC_BACKUP:
		/*
		 * Resign, so that the peer takes this VRID over at once
		 * rather than after Master_Down_Interval.
		 */
		out->actions |= VRRP_ACT_STOP_ADVER | VRRP_ACT_SEND_PRIO0 |
				VRRP_ACT_VIPS_DEL;
		vrrp_fsm_set_state(fsm, out, VRRP_STATE_BACKUP,
				   VRRP_REASON_SYNC_GROUP);
		vrrp_fsm_arm_down(out, vrrp_fsm_down(cfg, fsm->master_adv_int));
		break;
	case VRRP_EV_ADVER_TIMER:
		vrrp_fsm_advertise(cfg, out);
		break;
	case VRRP_EV_ADVERT:
		vrrp_fsm_master_advert(fsm, cfg, in, out);
		break;
	case VRRP_EV_CONFIG:
		/* Advertise a new priority or interval at once. */
		fsm->master_adv_int = cfg->adv_int;
		vrrp_fsm_advertise(cfg, out);
		break;
	case VRRP_EV_STARTUP:
	case VRRP_EV_DOWN_TIMER:
	case VRRP_EV_SYNC_MASTER:
		break;
	}
}

void vrrp_fsm_step(struct vrrp_fsm *fsm, const struct vrrp_fsm_cfg *cfg,
		   const struct vrrp_fsm_input *in, struct vrrp_fsm_output *out)
{
	memset(out, 0, sizeof(*out));
	out->old_state = fsm->state;

	switch (fsm->state) {
	case VRRP_STATE_INIT:
		/* Only the first event, at creation, finds Initialize. */
		if (in->event == VRRP_EV_STARTUP)
			vrrp_fsm_startup(fsm, cfg, in, out);
		else if (in->event == VRRP_EV_FAULT)
			vrrp_fsm_set_state(fsm, out, VRRP_STATE_FAULT,
					   in->reason);
		break;
	case VRRP_STATE_BACKUP:
		vrrp_fsm_backup(fsm, cfg, in, out);
		break;
	case VRRP_STATE_MASTER:
		vrrp_fsm_master(fsm, cfg, in, out);
		break;
	case VRRP_STATE_FAULT:
		if (in->event == VRRP_EV_STARTUP)
			vrrp_fsm_startup(fsm, cfg, in, out);
		else if (in->event == VRRP_EV_SHUTDOWN)
			vrrp_fsm_set_state(fsm, out, VRRP_STATE_INIT,
					   in->reason);
		break;
	default:
		break;
	}
	/* The old master's last adverts, in flight now, need no re-announce. */
	if (out->changed && fsm->state == VRRP_STATE_MASTER)
		fsm->reannounce_at = in->now + VRRP_REANNOUNCE_NS;
}

/* Sized by the enums: a value added without a name reads as NULL. */
static const char * const vrrp_state_names[__VRRP_STATE_MAX] = {
	[VRRP_STATE_INIT]	= "init",
	[VRRP_STATE_BACKUP]	= "backup",
	[VRRP_STATE_MASTER]	= "master",
	[VRRP_STATE_FAULT]	= "fault",
};

static const char * const vrrp_reason_names[__VRRP_REASON_MAX] = {
	[VRRP_REASON_NONE]		= "none",
	[VRRP_REASON_ADMIN]		= "admin",
	[VRRP_REASON_TIMER]		= "timer",
	[VRRP_REASON_PRIO0]		= "priority-0",
	[VRRP_REASON_PREEMPTED]		= "preempted",
	[VRRP_REASON_HIGHER_PRIO]	= "higher-priority",
	[VRRP_REASON_LINK]		= "link",
	[VRRP_REASON_OWNER]		= "owner",
	[VRRP_REASON_TRACK]		= "track",
	[VRRP_REASON_SYNC_GROUP]	= "sync-group",
	[VRRP_REASON_FAST_PREEMPT]	= "fast-preempt",
	[VRRP_REASON_ARBITER]		= "arbiter",
};

const char *vrrp_state_name(enum vrrp_state state)
{
	if ((unsigned int)state >= __VRRP_STATE_MAX ||
	    !vrrp_state_names[state])
		return "unknown";
	return vrrp_state_names[state];
}

const char *vrrp_reason_name(enum vrrp_reason reason)
{
	if ((unsigned int)reason >= __VRRP_REASON_MAX ||
	    !vrrp_reason_names[reason])
		return "unknown";
	return vrrp_reason_names[reason];
}
