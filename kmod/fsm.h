/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The RFC 9568 section 6.4 state machine as a pure function:
 * (state, configuration, event) -> new state + actions. The caller (the
 * instance shell) holds the instance lock, feeds events in, and carries out
 * the actions: transmit, announce, arm/stop timers, VIP work, notify.
 * No kernel calls here; the same file builds for the host unit tests.
 */
#ifndef _VRRP_FSM_H
#define _VRRP_FSM_H

#include "core_types.h"

#define VRRP_NSEC_PER_CS	10000000ULL
#define VRRP_REANNOUNCE_NS	1000000000ULL	/* see vrrp_fsm_master_advert() */

enum vrrp_fsm_event {
	VRRP_EV_STARTUP,	/* admin up, or the last fault cleared: -> Backup/Master */
	VRRP_EV_SHUTDOWN,	/* delete, module or netns exit: -> Initialize */
	VRRP_EV_FAULT,		/* interface down, tracker or sync group fault: -> Fault */
	VRRP_EV_ADVERT,		/* a valid advert for this instance arrived */
	VRRP_EV_ADVER_TIMER,	/* Adver_Timer fired */
	VRRP_EV_DOWN_TIMER,	/* Master_Down_Timer fired */
	VRRP_EV_CONFIG,		/* priority, interval or preempt changed */
	VRRP_EV_SYNC_MASTER,	/* a sync group member became Master: Backup follows */
	VRRP_EV_SYNC_BACKUP,	/* a sync group Master member went Backup: Master follows */
};

/* Effective configuration, as the state machine sees it. */
struct vrrp_fsm_cfg {
	u8	priority;		/* effective priority, 1..255 */
	u16	adv_int;		/* Advertisement_Interval, centiseconds */
	bool	preempt;		/* Preempt_Mode */
	u64	preempt_delay_ns;	/* extension: keepalived's preempt_delay */
	bool	fast_preempt;		/* extension: preempt a lower master at once */
	bool	v2;			/* RFC 3768 Skew_Time: not scaled by the interval */
};

/* Protocol state, owned by fsm.c; zero-initialised means Initialize. */
struct vrrp_fsm {
	enum vrrp_state	state;
	u16		master_adv_int;	/* Master_Adver_Interval, centiseconds */
	u64		preempt_at;	/* ns; when a pending preemption may happen, 0 if none */
	bool		saw_lower;	/* the last advert was a lower master we ignored */
	bool		saw_prio0;	/* the last advert was a priority 0 resignation */
	u64		reannounce_at;	/* ns; Master: no re-announce to a lower master before */
};

struct vrrp_fsm_input {
	enum vrrp_fsm_event	event;
	u64			now;	/* ns, monotonic */
	enum vrrp_reason	reason;	/* STARTUP, SHUTDOWN, FAULT: why */
	/* VRRP_EV_ADVERT only */
	u8			prio;	/* priority in the advert */
	u16			adv_int; /* Max Adver Int in the advert, centiseconds */
	int			addr_cmp; /* sign of (sender's IP - our primary IP) */
	const u8		*saddr;	/* the sender, for the shell (not used here) */
	/*
	 * DOWN_TIMER and ADVERT: a sync group member may not go Master on
	 * its own now (another member still hears its master): stay Backup
	 * and run Master_Down_Timer again.
	 */
	bool			hold;
};

/* Actions, carried out by the caller in this order. */
#define VRRP_ACT_STOP_ADVER	BIT(0)	/* cancel Adver_Timer */
#define VRRP_ACT_STOP_DOWN	BIT(1)	/* cancel Master_Down_Timer */
#define VRRP_ACT_SEND_PRIO0	BIT(2)	/* send an advert with priority 0 */
#define VRRP_ACT_VIPS_DEL	BIT(3)	/* remove the VIPs (process context) */
#define VRRP_ACT_SEND_ADVERT	BIT(4)	/* send an advert with our priority */
#define VRRP_ACT_ANNOUNCE	BIT(5)	/* gratuitous ARP / unsolicited NA burst */
#define VRRP_ACT_VIPS_ADD	BIT(6)	/* install the VIPs (process context) */
#define VRRP_ACT_ARM_ADVER	BIT(7)	/* (re)arm Adver_Timer for out->adver_ns */
#define VRRP_ACT_ARM_DOWN	BIT(8)	/* (re)arm Master_Down_Timer for out->down_ns */

struct vrrp_fsm_output {
	u32			actions;
	u64			adver_ns;	/* relative, with VRRP_ACT_ARM_ADVER */
	u64			down_ns;	/* relative, with VRRP_ACT_ARM_DOWN */
	bool			changed;	/* state changed: notify */
	enum vrrp_state		old_state;
	enum vrrp_reason	reason;		/* why, when changed */
};

/**
 * vrrp_fsm_step() - feed one event to the state machine
 * @fsm: protocol state, updated in place
 * @cfg: effective configuration
 * @in: the event
 * @out: actions to carry out (zeroed by the callee)
 *
 * Events that make no sense in the current state (a stale timer, an advert
 * while in Initialize or Fault) produce no action.
 */
void vrrp_fsm_step(struct vrrp_fsm *fsm, const struct vrrp_fsm_cfg *cfg,
		   const struct vrrp_fsm_input *in, struct vrrp_fsm_output *out);

/* Skew_Time = ((256 - Priority) * Master_Adver_Interval) / 256, in ns. */
u64 vrrp_fsm_skew_ns(u8 prio, u16 master_adv_int);
/* Master_Down_Interval = 3 * Master_Adver_Interval + Skew_Time, in ns. */
u64 vrrp_fsm_down_ns(u8 prio, u16 master_adv_int);

const char *vrrp_state_name(enum vrrp_state state);
const char *vrrp_reason_name(enum vrrp_reason reason);

#endif /* _VRRP_FSM_H */
