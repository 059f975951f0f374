// SPDX-License-Identifier: GPL-2.0
/* Tests for kmod/fsm.c: RFC 9568 section 6.4, one transition at a time. */

#include <string.h>

#include "../../kmod/fsm.h"
#include "harness.h"

#define NS	1ULL
#define MS	1000000ULL
#define SEC	1000000000ULL

#define BECOME_MASTER	(VRRP_ACT_SEND_ADVERT | VRRP_ACT_ANNOUNCE |	\
			 VRRP_ACT_VIPS_ADD | VRRP_ACT_ARM_ADVER)
#define LEAVE_MASTER	(VRRP_ACT_STOP_ADVER | VRRP_ACT_SEND_PRIO0 |	\
			 VRRP_ACT_VIPS_DEL)
#define ADVERTISE	(VRRP_ACT_SEND_ADVERT | VRRP_ACT_ARM_ADVER)

static struct vrrp_fsm_cfg mkcfg(u8 prio, u16 adv_int, bool preempt,
				 u64 delay_ns)
{
	struct vrrp_fsm_cfg c = {
		.priority = prio,
		.adv_int = adv_int,
		.preempt = preempt,
		.preempt_delay_ns = delay_ns,
	};
	return c;
}

/* Feed one event; the output struct is pre-filled with junk. */
static struct vrrp_fsm_output step(struct vrrp_fsm *fsm,
				   const struct vrrp_fsm_cfg *cfg,
				   enum vrrp_fsm_event ev,
				   enum vrrp_reason reason, u64 now)
{
	struct vrrp_fsm_input in = {
		.event = ev, .now = now, .reason = reason,
	};
	struct vrrp_fsm_output out;

	memset(&out, 0xa5, sizeof(out));
	vrrp_fsm_step(fsm, cfg, &in, &out);
	return out;
}

static struct vrrp_fsm_output advert(struct vrrp_fsm *fsm,
				     const struct vrrp_fsm_cfg *cfg, u8 prio,
				     u16 adv_int, int addr_cmp, u64 now)
{
	struct vrrp_fsm_input in = {
		.event = VRRP_EV_ADVERT, .now = now, .prio = prio,
		.adv_int = adv_int, .addr_cmp = addr_cmp,
	};
	struct vrrp_fsm_output out;

	memset(&out, 0xa5, sizeof(out));
	vrrp_fsm_step(fsm, cfg, &in, &out);
	return out;
}

/* out says nothing at all: no action, no change, timer fields zeroed. */
static int quiet(const struct vrrp_fsm_output *o)
{
	return o->actions == 0 && !o->changed && o->adver_ns == 0 &&
	       o->down_ns == 0 && o->reason == VRRP_REASON_NONE;
}

static void start_backup(struct vrrp_fsm *f, const struct vrrp_fsm_cfg *c)
{
	memset(f, 0, sizeof(*f));
	step(f, c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 0);
}

static void start_master(struct vrrp_fsm *f, const struct vrrp_fsm_cfg *c)
{
	start_backup(f, c);
	step(f, c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
}

static void test_intervals(void)
{
	CHECK_EQ(vrrp_fsm_skew_ns(100, 100), 609375000);
	CHECK_EQ(vrrp_fsm_down_ns(100, 100), 3609375000ULL);
	CHECK_EQ(vrrp_fsm_skew_ns(254, 1), 78125);
	CHECK_EQ(vrrp_fsm_down_ns(254, 1), 30078125);
	/* 39062.5 ns: truncated, not rounded to centiseconds */
	CHECK_EQ(vrrp_fsm_skew_ns(255, 1), 39062);
	CHECK_EQ(vrrp_fsm_down_ns(255, 1), 30039062);
	CHECK_EQ(vrrp_fsm_skew_ns(1, 4095), 40790039062ULL);
	CHECK_EQ(vrrp_fsm_down_ns(1, 4095), 163640039062ULL);
	CHECK_EQ(vrrp_fsm_skew_ns(255, 4095), 159960937);
	CHECK_EQ(vrrp_fsm_skew_ns(200, 35), 76562500);
	CHECK_EQ(vrrp_fsm_down_ns(200, 35), 1126562500);
	CHECK_EQ(vrrp_fsm_skew_ns(0, 100), 1 * SEC);
	CHECK_EQ(vrrp_fsm_skew_ns(100, 0), 0);
	/* A higher priority always has a shorter Master_Down_Interval. */
	CHECK(vrrp_fsm_down_ns(101, 100) < vrrp_fsm_down_ns(100, 100));
	CHECK_EQ(VRRP_NSEC_PER_CS * NS, 10 * MS);
}

static void test_startup(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm f = { 0 };
	struct vrrp_fsm_output o;

	/* Initialize -> Backup (6.4.1) */
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 5 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 3609375000ULL);
	CHECK_EQ(o.adver_ns, 0);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_INIT);
	CHECK_EQ(o.reason, VRRP_REASON_ADMIN);
	CHECK_EQ(f.master_adv_int, 100);

	/* The reason is the caller's: link up. */
	memset(&f, 0, sizeof(f));
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_LINK, 0);
	CHECK_EQ(o.reason, VRRP_REASON_LINK);

	/* Master_Adver_Interval starts as our own Advertisement_Interval. */
	memset(&f, 0, sizeof(f));
	f.master_adv_int = 7;
	c = mkcfg(254, 1, true, 0);
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 0);
	CHECK_EQ(f.master_adv_int, 1);
	CHECK_EQ(o.down_ns, 30078125);

	/* Priority 255: Initialize -> Master at once */
	memset(&f, 0, sizeof(f));
	c = mkcfg(255, 20, true, 0);
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, BECOME_MASTER);
	CHECK_EQ(o.adver_ns, 200 * MS);
	CHECK_EQ(o.down_ns, 0);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_INIT);
	CHECK_EQ(o.reason, VRRP_REASON_OWNER);
}

static void test_backup(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;

	/* Shutdown */
	start_backup(&f, &c);
	o = step(&f, &c, VRRP_EV_SHUTDOWN, VRRP_REASON_ADMIN, 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK_EQ(o.actions, VRRP_ACT_STOP_DOWN);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.reason, VRRP_REASON_ADMIN);

	start_backup(&f, &c);
	o = step(&f, &c, VRRP_EV_SHUTDOWN, VRRP_REASON_LINK, 0);
	CHECK_EQ(o.reason, VRRP_REASON_LINK);

	/* Link down -> Fault */
	start_backup(&f, &c);
	o = step(&f, &c, VRRP_EV_FAULT, VRRP_REASON_LINK, 0);
	CHECK_EQ(f.state, VRRP_STATE_FAULT);
	CHECK_EQ(o.actions, VRRP_ACT_STOP_DOWN);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.reason, VRRP_REASON_LINK);

	/* Master_Down_Timer fires: the master went silent */
	start_backup(&f, &c);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, BECOME_MASTER);
	CHECK_EQ(o.adver_ns, 1 * SEC);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.reason, VRRP_REASON_TIMER);

	/* A higher-priority advert: adopt its interval, restart the timer */
	start_backup(&f, &c);
	o = advert(&f, &c, 150, 200, -1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 200));
	CHECK_EQ(o.down_ns, 6 * SEC + 1218750000ULL);
	CHECK(!o.changed);
	CHECK_EQ(f.master_adv_int, 200);

	/* An equal priority is accepted too, whatever the address */
	o = advert(&f, &c, 100, 50, -1, 0);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 50));
	CHECK_EQ(f.master_adv_int, 50);
	o = advert(&f, &c, 100, 50, 1, 0);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);

	/* Priority 0: Master_Down_Timer = Skew_Time, no state change */
	start_backup(&f, &c);
	advert(&f, &c, 200, 100, 1, 0);
	o = advert(&f, &c, 0, 100, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 609375000);
	CHECK(!o.changed);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_PRIO0);

	/* Skew_Time uses Master_Adver_Interval, not the advert's field */
	start_backup(&f, &c);
	advert(&f, &c, 200, 300, 1, 0);
	o = advert(&f, &c, 0, 1, 1, 0);
	CHECK_EQ(o.down_ns, vrrp_fsm_skew_ns(100, 300));
	CHECK_EQ(f.master_adv_int, 300);

	/* The priority 0 advert is forgotten once a normal one follows */
	start_backup(&f, &c);
	advert(&f, &c, 0, 100, 1, 0);
	advert(&f, &c, 200, 100, 1, 0);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(o.reason, VRRP_REASON_TIMER);

	/* Stale: Adver_Timer and STARTUP mean nothing in Backup */
	start_backup(&f, &c);
	o = step(&f, &c, VRRP_EV_ADVER_TIMER, VRRP_REASON_NONE, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);

	/* CONFIG in Backup below 255: nothing */
	c.priority = 254;
	o = step(&f, &c, VRRP_EV_CONFIG, VRRP_REASON_NONE, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);

	/* CONFIG in Backup to 255: the owner takes over at once */
	c.priority = 255;
	c.adv_int = 30;
	o = step(&f, &c, VRRP_EV_CONFIG, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, BECOME_MASTER | VRRP_ACT_STOP_DOWN);
	CHECK_EQ(o.adver_ns, 300 * MS);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.reason, VRRP_REASON_OWNER);
}

static void test_preempt(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;

	/* Preempt_Mode: a lower-priority master's adverts are discarded */
	start_backup(&f, &c);
	o = advert(&f, &c, 50, 100, 1, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = advert(&f, &c, 99, 7, 1, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.master_adv_int, 100);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, BECOME_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_PREEMPTED);

	/* ... unless a higher one shows up meanwhile */
	start_backup(&f, &c);
	advert(&f, &c, 50, 100, 1, 0);
	advert(&f, &c, 150, 100, 1, 0);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(o.reason, VRRP_REASON_TIMER);

	/* Lower master, then it resigns: priority 0 is the last word */
	start_backup(&f, &c);
	advert(&f, &c, 50, 100, 1, 0);
	advert(&f, &c, 0, 100, 1, 0);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(o.reason, VRRP_REASON_PRIO0);

	/* Priority 0, then a lower master: preempted */
	start_backup(&f, &c);
	advert(&f, &c, 0, 100, 1, 0);
	advert(&f, &c, 50, 100, 1, 0);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(o.reason, VRRP_REASON_PREEMPTED);

	/* Nopreempt: a lower master is accepted like any other */
	c.preempt = false;
	start_backup(&f, &c);
	o = advert(&f, &c, 50, 200, 1, 0);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 200));
	CHECK_EQ(f.master_adv_int, 200);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(o.reason, VRRP_REASON_TIMER);
	/* Nopreempt with a delay configured: the delay does not matter */
	c.preempt_delay_ns = 1 * SEC;
	start_backup(&f, &c);
	o = advert(&f, &c, 50, 100, 1, 100 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(f.preempt_at, 0);
	o = advert(&f, &c, 50, 100, 1, 200 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
}

static void test_preempt_delay(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 5 * SEC);
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;

	start_backup(&f, &c);
	/* First lower advert at t=10s: tolerated until t=15s */
	o = advert(&f, &c, 50, 200, 1, 10 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 200));
	CHECK_EQ(f.master_adv_int, 200);
	CHECK_EQ(f.preempt_at, 15 * SEC);
	/* Later ones do not push the deadline */
	o = advert(&f, &c, 50, 100, 1, 12 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 100));
	CHECK_EQ(f.preempt_at, 15 * SEC);
	o = advert(&f, &c, 50, 100, 1, 15 * SEC - 1);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	/* At the deadline: discard, so Master_Down_Timer runs out */
	o = advert(&f, &c, 50, 100, 1, 15 * SEC);
	CHECK(quiet(&o));
	o = advert(&f, &c, 50, 100, 1, 16 * SEC);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 19 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_PREEMPTED);
	CHECK_EQ(f.preempt_at, 0);

	/* A normally accepted advert cancels the pending preemption */
	start_backup(&f, &c);
	advert(&f, &c, 50, 100, 1, 10 * SEC);
	CHECK_EQ(f.preempt_at, 15 * SEC);
	o = advert(&f, &c, 100, 100, -1, 11 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(f.preempt_at, 0);
	/* ... so a later lower master gets a fresh delay */
	o = advert(&f, &c, 50, 100, 1, 20 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(f.preempt_at, 25 * SEC);

	/* A priority 0 advert keeps the deadline, and skews */
	o = advert(&f, &c, 0, 100, 1, 21 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 609375000);
	CHECK_EQ(f.preempt_at, 25 * SEC);

	/* Any state change clears it */
	start_backup(&f, &c);
	advert(&f, &c, 50, 100, 1, 10 * SEC);
	CHECK(f.preempt_at != 0);
	step(&f, &c, VRRP_EV_FAULT, VRRP_REASON_LINK, 11 * SEC);
	CHECK_EQ(f.preempt_at, 0);
	step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_LINK, 12 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = advert(&f, &c, 50, 100, 1, 30 * SEC);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(f.preempt_at, 35 * SEC);

	/* Down timer during the delay (the lower master went quiet) */
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 33 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_PREEMPTED);
	CHECK_EQ(f.preempt_at, 0);
}

static void test_master(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;

	/* Shutdown: resign with priority 0 */
	start_master(&f, &c);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	o = step(&f, &c, VRRP_EV_SHUTDOWN, VRRP_REASON_ADMIN, 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK_EQ(o.actions, LEAVE_MASTER);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_ADMIN);

	/* Link down -> Fault */
	start_master(&f, &c);
	o = step(&f, &c, VRRP_EV_FAULT, VRRP_REASON_LINK, 0);
	CHECK_EQ(f.state, VRRP_STATE_FAULT);
	CHECK_EQ(o.actions, LEAVE_MASTER);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_LINK);

	/* Adver_Timer fires */
	start_master(&f, &c);
	o = step(&f, &c, VRRP_EV_ADVER_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, ADVERTISE);
	CHECK_EQ(o.adver_ns, 1 * SEC);
	CHECK(!o.changed);

	/* Stale: Master_Down_Timer and STARTUP mean nothing in Master */
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 0);
	CHECK(quiet(&o));

	/* Priority 0 from another router: advertise at once */
	o = advert(&f, &c, 0, 100, 1, 0);
	CHECK_EQ(o.actions, ADVERTISE);
	CHECK_EQ(o.adver_ns, 1 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* Lower priority: advertise at once so it hears us */
	o = advert(&f, &c, 99, 100, 1, 0);
	CHECK_EQ(o.actions, ADVERTISE);
	CHECK(!o.changed);
	o = advert(&f, &c, 1, 100, -1, 0);
	CHECK_EQ(o.actions, ADVERTISE);

	/* Equal priority, smaller address: we win */
	o = advert(&f, &c, 100, 100, -1, 0);
	CHECK_EQ(o.actions, ADVERTISE);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	o = advert(&f, &c, 100, 100, -12345, 0);
	CHECK_EQ(o.actions, ADVERTISE);

	/* Equal priority, same address: our own advert, ignore */
	o = advert(&f, &c, 100, 100, 0, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* Equal priority, greater address: it wins */
	o = advert(&f, &c, 100, 300, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_STOP_ADVER | VRRP_ACT_VIPS_DEL |
		 VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 300));
	CHECK_EQ(f.master_adv_int, 300);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_HIGHER_PRIO);

	/* Higher priority, whatever the address */
	start_master(&f, &c);
	o = advert(&f, &c, 101, 50, -1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_STOP_ADVER | VRRP_ACT_VIPS_DEL |
		 VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 50));
	CHECK_EQ(o.reason, VRRP_REASON_HIGHER_PRIO);
	CHECK_EQ(f.master_adv_int, 50);
	/* ... and back to Master when it goes quiet */
	o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(o.reason, VRRP_REASON_TIMER);
	CHECK_EQ(f.master_adv_int, 100);

	/* Preempt_Mode does not matter to a master */
	c.preempt = false;
	start_master(&f, &c);
	o = advert(&f, &c, 200, 100, -1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);

	/* CONFIG: advertise the change at once, at the new interval */
	c = mkcfg(100, 100, true, 0);
	start_master(&f, &c);
	c.priority = 120;
	c.adv_int = 25;
	o = step(&f, &c, VRRP_EV_CONFIG, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, ADVERTISE);
	CHECK_EQ(o.adver_ns, 250 * MS);
	CHECK(!o.changed);
	/* The owner stays Master against anything */
	c.priority = 255;
	o = advert(&f, &c, 254, 100, 1, 0);
	CHECK_EQ(o.actions, ADVERTISE);
	o = advert(&f, &c, 255, 100, -1, 0);
	CHECK_EQ(o.actions, ADVERTISE);
}

static void test_init_fault(void)
{
	static const enum vrrp_fsm_event ignored[] = {
		VRRP_EV_ADVERT, VRRP_EV_ADVER_TIMER, VRRP_EV_DOWN_TIMER,
		VRRP_EV_CONFIG, VRRP_EV_SYNC_MASTER, VRRP_EV_SYNC_BACKUP,
		VRRP_EV_FAULT,
	};
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm_cfg owner = mkcfg(255, 100, true, 0);
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;
	unsigned int i;

	/* Initialize ignores everything but STARTUP and FAULT */
	for (i = 0; i < ARRAY_SIZE(ignored) - 1; i++) {
		memset(&f, 0, sizeof(f));
		o = step(&f, &c, ignored[i], VRRP_REASON_LINK, 0);
		CHECK(quiet(&o));
		CHECK_EQ(f.state, VRRP_STATE_INIT);
		o = step(&f, &owner, ignored[i], VRRP_REASON_LINK, 0);
		CHECK(quiet(&o));
		CHECK_EQ(f.state, VRRP_STATE_INIT);
	}
	memset(&f, 0, sizeof(f));
	o = step(&f, &c, VRRP_EV_SHUTDOWN, VRRP_REASON_ADMIN, 0);
	CHECK(quiet(&o));
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	o = advert(&f, &c, 200, 100, 1, 0);
	CHECK(quiet(&o));

	/* Created while faulty: Initialize -> Fault, nothing to undo */
	memset(&f, 0, sizeof(f));
	o = step(&f, &c, VRRP_EV_FAULT, VRRP_REASON_TRACK, 0);
	CHECK_EQ(f.state, VRRP_STATE_FAULT);
	CHECK_EQ(o.actions, 0);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_INIT);
	CHECK_EQ(o.reason, VRRP_REASON_TRACK);

	/* Fault ignores adverts, timers, CONFIG, sync and another fault */
	for (i = 0; i < ARRAY_SIZE(ignored); i++) {
		start_backup(&f, &c);
		step(&f, &c, VRRP_EV_FAULT, VRRP_REASON_LINK, 0);
		CHECK_EQ(f.state, VRRP_STATE_FAULT);
		o = step(&f, &c, ignored[i], VRRP_REASON_LINK, 0);
		CHECK(quiet(&o));
		CHECK_EQ(f.state, VRRP_STATE_FAULT);
		o = step(&f, &owner, ignored[i], VRRP_REASON_LINK, 0);
		CHECK(quiet(&o));
		CHECK_EQ(f.state, VRRP_STATE_FAULT);
	}
	o = advert(&f, &c, 0, 100, 1, 0);
	CHECK(quiet(&o));

	/* Fault -> Initialize: nothing to undo, but it is a change */
	o = step(&f, &c, VRRP_EV_SHUTDOWN, VRRP_REASON_ADMIN, 0);
	CHECK_EQ(f.state, VRRP_STATE_INIT);
	CHECK_EQ(o.actions, 0);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_FAULT);
	CHECK_EQ(o.reason, VRRP_REASON_ADMIN);

	/* Fault -> Backup on link up */
	start_backup(&f, &c);
	step(&f, &c, VRRP_EV_FAULT, VRRP_REASON_LINK, 0);
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_LINK, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 3609375000ULL);
	CHECK(o.changed);
	CHECK_EQ(o.old_state, VRRP_STATE_FAULT);
	CHECK_EQ(o.reason, VRRP_REASON_LINK);

	/* Fault -> Master on link up, for the owner */
	start_master(&f, &owner);
	step(&f, &owner, VRRP_EV_FAULT, VRRP_REASON_LINK, 0);
	CHECK_EQ(f.state, VRRP_STATE_FAULT);
	o = step(&f, &owner, VRRP_EV_STARTUP, VRRP_REASON_LINK, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, BECOME_MASTER);
	CHECK_EQ(o.old_state, VRRP_STATE_FAULT);
	CHECK_EQ(o.reason, VRRP_REASON_OWNER);
}

/* Every output field is written, whatever was in it before. */
static void test_output_zeroed(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;

	start_master(&f, &c);
	o = advert(&f, &c, 100, 100, 0, 0);
	CHECK(quiet(&o));
	CHECK_EQ(o.old_state, VRRP_STATE_MASTER);
	o = step(&f, &c, VRRP_EV_ADVER_TIMER, VRRP_REASON_NONE, 0);
	CHECK_EQ(o.down_ns, 0);
	CHECK_EQ(o.reason, VRRP_REASON_NONE);
}

static void test_names(void)
{
	CHECK_STR(vrrp_state_name(VRRP_STATE_INIT), "init");
	CHECK_STR(vrrp_state_name(VRRP_STATE_BACKUP), "backup");
	CHECK_STR(vrrp_state_name(VRRP_STATE_MASTER), "master");
	CHECK_STR(vrrp_state_name(VRRP_STATE_FAULT), "fault");
	CHECK_STR(vrrp_state_name(__VRRP_STATE_MAX), "unknown");
	CHECK_STR(vrrp_state_name((enum vrrp_state)-1), "unknown");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_NONE), "none");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_ADMIN), "admin");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_TIMER), "timer");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_PRIO0), "priority-0");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_PREEMPTED), "preempted");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_HIGHER_PRIO),
		  "higher-priority");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_LINK), "link");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_OWNER), "owner");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_TRACK), "track");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_SYNC_GROUP), "sync-group");
	CHECK_STR(vrrp_reason_name(VRRP_REASON_FAST_PREEMPT), "fast-preempt");
	CHECK_STR(vrrp_reason_name(__VRRP_REASON_MAX), "unknown");
}

static u64 rng_state = 0x9e3779b97f4a7c15ULL;

static u32 rnd(u32 n)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (u32)(rng_state >> 32) % n;
}

/*
 * A random walk against a model of the two timers: the actions must keep
 * exactly Adver_Timer running in Master, exactly Master_Down_Timer running
 * in Backup and neither in Initialize or Fault. Timer events are only
 * delivered when the model's timer runs (stale ones in the other states).
 */
static void test_random_walk(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm f = { 0 };
	struct vrrp_fsm_input in;
	struct vrrp_fsm_output o;
	bool adver_on = false, down_on = false;
	unsigned int i, bad = 0, transitions = 0;
	enum vrrp_state old;
	u64 now = 1;

	for (i = 0; i < 200000; i++) {
		memset(&in, 0, sizeof(in));
		now += rnd(3 * SEC);
		in.now = now;
		in.event = (enum vrrp_fsm_event)rnd(VRRP_EV_SYNC_BACKUP + 1);
		in.reason = rnd(2) ? VRRP_REASON_ADMIN : VRRP_REASON_LINK;
		in.prio = rnd(4) ? (u8)rnd(256) : c.priority;
		in.adv_int = (u16)(1 + rnd(4095));
		in.addr_cmp = (int)rnd(3) - 1;
		in.hold = !rnd(4);
		if (in.event == VRRP_EV_CONFIG) {
			c.priority = (u8)(1 + rnd(255));
			c.adv_int = (u16)(1 + rnd(4095));
			c.preempt = rnd(2);
			c.preempt_delay_ns = rnd(2) ? rnd(10) * SEC : 0;
			c.fast_preempt = rnd(2);
		}
		/* A timer only fires if armed, or stale in another state. */
		if (in.event == VRRP_EV_ADVER_TIMER) {
			if (!adver_on && f.state == VRRP_STATE_MASTER)
				continue;
			adver_on = false;
		}
		if (in.event == VRRP_EV_DOWN_TIMER) {
			if (!down_on && f.state == VRRP_STATE_BACKUP)
				continue;
			down_on = false;
		}

		old = f.state;
		vrrp_fsm_step(&f, &c, &in, &o);

		if (o.actions & VRRP_ACT_STOP_ADVER)
			adver_on = false;
		if (o.actions & VRRP_ACT_STOP_DOWN)
			down_on = false;
		if (o.actions & VRRP_ACT_ARM_ADVER)
			adver_on = true;
		if (o.actions & VRRP_ACT_ARM_DOWN)
			down_on = true;

		if (o.changed != (f.state != old) ||
		    o.old_state != old ||
		    (f.state == VRRP_STATE_MASTER) != adver_on ||
		    (f.state == VRRP_STATE_BACKUP) != down_on ||
		    (f.state != VRRP_STATE_BACKUP && f.preempt_at) ||
		    (!!(o.actions & VRRP_ACT_VIPS_ADD) !=
		     (f.state == VRRP_STATE_MASTER && old != f.state)) ||
		    (!!(o.actions & VRRP_ACT_VIPS_DEL) !=
		     (old == VRRP_STATE_MASTER && old != f.state)) ||
		    ((o.actions & VRRP_ACT_VIPS_ADD) &&
		     !(o.actions & VRRP_ACT_ANNOUNCE)) ||
		    /* re-announce: only a Master hearing a lower master */
		    ((o.actions & VRRP_ACT_ANNOUNCE) &&
		     !(o.actions & VRRP_ACT_VIPS_ADD) &&
		     (old != VRRP_STATE_MASTER || f.state != VRRP_STATE_MASTER ||
		      in.event != VRRP_EV_ADVERT || !in.prio)) ||
		    (!!(o.actions & VRRP_ACT_ARM_ADVER) != (o.adver_ns != 0)) ||
		    (!!(o.actions & VRRP_ACT_ARM_DOWN) == 0 && o.down_ns) ||
		    (!o.changed && o.reason != VRRP_REASON_NONE) ||
		    (o.changed && o.reason == VRRP_REASON_NONE) ||
		    ((old == VRRP_STATE_INIT || old == VRRP_STATE_FAULT) &&
		     !o.changed && o.actions)) {
			if (bad++ < 5)
				printf("FAIL random walk step %u: %s -[%d]-> %s actions %#x\n",
				       i, vrrp_state_name(old), in.event,
				       vrrp_state_name(f.state), o.actions);
		}
		transitions += o.changed;
		/* Keep the walk out of Initialize most of the time. */
		if (f.state == VRRP_STATE_INIT && rnd(2)) {
			in.event = VRRP_EV_STARTUP;
			vrrp_fsm_step(&f, &c, &in, &o);
			if (o.actions & VRRP_ACT_ARM_ADVER)
				adver_on = true;
			if (o.actions & VRRP_ACT_ARM_DOWN)
				down_on = true;
		}
	}
	CHECK_EQ(bad, 0);
	CHECK(transitions > 1000);
}

/*
 * A Master that hears a lower master (one that did not hear us for a while
 * and took over) announces the VIPs again, at most once a second, and not
 * for the old master's last adverts right after it became master.
 */
static void test_master_reannounce(void)
{
	struct vrrp_fsm_cfg c = { .priority = 200, .adv_int = 1, .preempt = true };
	struct vrrp_fsm f = {};
	struct vrrp_fsm_input in = { .event = VRRP_EV_STARTUP, .now = SEC };
	struct vrrp_fsm_output o;

	vrrp_fsm_step(&f, &c, &in, &o);
	in.event = VRRP_EV_DOWN_TIMER;
	in.now += SEC / 10;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK(o.actions & VRRP_ACT_ANNOUNCE);

	/* the old master's advert still in flight: an advert, no new burst */
	in.event = VRRP_EV_ADVERT;
	in.prio = 100;
	in.adv_int = 1;
	in.now += SEC / 100;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK(o.actions & VRRP_ACT_SEND_ADVERT);
	CHECK(!(o.actions & VRRP_ACT_ANNOUNCE));

	/* later, a backup that stalled takes over for a moment: re-announce */
	in.now += 2 * SEC;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK(o.actions & VRRP_ACT_SEND_ADVERT);
	CHECK(o.actions & VRRP_ACT_ANNOUNCE);
	CHECK(!(o.actions & (VRRP_ACT_VIPS_ADD | VRRP_ACT_VIPS_DEL)));
	CHECK(!o.changed);

	/* it keeps advertising (it never hears us): one burst a second */
	in.now += SEC / 2;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK(!(o.actions & VRRP_ACT_ANNOUNCE));
	in.now += SEC / 2;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK(o.actions & VRRP_ACT_ANNOUNCE);

	/* priority 0 and higher adverts are not re-announced */
	in.now += 2 * SEC;
	in.prio = 0;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK(!(o.actions & VRRP_ACT_ANNOUNCE));
	in.prio = 250;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK(!(o.actions & VRRP_ACT_ANNOUNCE));
}

/*
 * Fast-preempt: a Backup with preempt that hears a lower master takes over
 * on that advert, where the RFC waits for Master_Down_Timer.
 */
static void test_fast_preempt(void)
{
	struct vrrp_fsm_cfg c = mkcfg(200, 100, true, 0);
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;

	c.fast_preempt = true;
	start_backup(&f, &c);
	/* A higher master is followed as usual */
	o = advert(&f, &c, 250, 100, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	/* So is an equal one, and priority 0 still means Skew_Time */
	o = advert(&f, &c, 200, 100, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = advert(&f, &c, 0, 100, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	/* A lower one: Master at once */
	o = advert(&f, &c, 199, 100, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, BECOME_MASTER | VRRP_ACT_STOP_DOWN);
	CHECK(o.changed);
	CHECK_EQ(o.reason, VRRP_REASON_FAST_PREEMPT);

	/* Without preempt, fast-preempt changes nothing */
	c.preempt = false;
	start_backup(&f, &c);
	o = advert(&f, &c, 10, 100, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);

	/* preempt_delay still holds it back until it has run out */
	c.preempt = true;
	c.preempt_delay_ns = 5 * SEC;
	start_backup(&f, &c);
	o = advert(&f, &c, 10, 100, 1, 1 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = advert(&f, &c, 10, 100, 1, 5 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	o = advert(&f, &c, 10, 100, 1, 6 * SEC);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_FAST_PREEMPT);

	/* Off (the default): the lower master is discarded */
	c = mkcfg(200, 100, true, 0);
	start_backup(&f, &c);
	o = advert(&f, &c, 199, 100, 1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK(quiet(&o));
}

/* Sync group members follow each other: Backup -> Master, Master -> Backup. */
static void test_sync(void)
{
	struct vrrp_fsm_cfg c = mkcfg(100, 100, true, 0);
	struct vrrp_fsm_input in = { 0 };
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;

	start_backup(&f, &c);
	o = step(&f, &c, VRRP_EV_SYNC_BACKUP, VRRP_REASON_NONE, 0);
	CHECK(quiet(&o));
	o = step(&f, &c, VRRP_EV_SYNC_MASTER, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);
	CHECK_EQ(o.actions, BECOME_MASTER | VRRP_ACT_STOP_DOWN);
	CHECK_EQ(o.reason, VRRP_REASON_SYNC_GROUP);

	o = step(&f, &c, VRRP_EV_SYNC_MASTER, VRRP_REASON_NONE, 0);
	CHECK(quiet(&o));
	o = step(&f, &c, VRRP_EV_SYNC_BACKUP, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, LEAVE_MASTER | VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 3609375000ULL);
	CHECK_EQ(o.reason, VRRP_REASON_SYNC_GROUP);

	/* Held back by the group: Backup, Master_Down_Timer again */
	in.event = VRRP_EV_DOWN_TIMER;
	in.hold = true;
	start_backup(&f, &c);
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 3609375000ULL);
	CHECK(!o.changed);
	in.hold = false;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_MASTER);

	/* ... and fast-preempt waits for the timer too */
	c.fast_preempt = true;
	start_backup(&f, &c);
	in.event = VRRP_EV_ADVERT;
	in.prio = 50;
	in.adv_int = 100;
	in.hold = true;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK(quiet(&o));
	c.fast_preempt = false;

	/* Fault carries its reason */
	start_master(&f, &c);
	o = step(&f, &c, VRRP_EV_FAULT, VRRP_REASON_SYNC_GROUP, 0);
	CHECK_EQ(f.state, VRRP_STATE_FAULT);
	CHECK_EQ(o.actions, LEAVE_MASTER);
	CHECK_EQ(o.reason, VRRP_REASON_SYNC_GROUP);
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_TRACK, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.reason, VRRP_REASON_TRACK);
}

/*
 * RFC 3768 (VRRPv2): Skew_Time = (256 - Priority) / 256 s whatever the
 * advert interval, so Master_Down_Interval = 3 * interval + that. The
 * expected values are worked out by hand, not with vrrp_fsm_*_ns().
 */
static void test_v2_skew(void)
{
	/* priority, (256 - priority) / 256 s in ns */
	static const struct {
		u8	prio;
		u64	skew;
	} t[] = {
		{ 1,   996093750 },	/* 255/256 */
		{ 100, 609375000 },	/* 156/256 */
		{ 200, 218750000 },	/*  56/256 */
		{ 254,   7812500 },	/*   2/256 */
	};
	struct vrrp_fsm_input in = { 0 };
	struct vrrp_fsm_cfg c;
	struct vrrp_fsm f;
	struct vrrp_fsm_output o;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		c = mkcfg(t[i].prio, 300, true, 0);
		c.v2 = true;
		/* Initialize -> Backup: 3 * 3 s + skew */
		memset(&f, 0, sizeof(f));
		o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 0);
		CHECK_EQ(f.state, VRRP_STATE_BACKUP);
		CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
		CHECK_EQ(o.down_ns, 9 * SEC + t[i].skew);

		/* A master's advert at 3 s: the same */
		o = advert(&f, &c, 255, 300, 1, 0);
		CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
		CHECK_EQ(o.down_ns, 9 * SEC + t[i].skew);
		CHECK_EQ(f.master_adv_int, 300);

		/* Priority 0: the timer is the skew alone, 1 s-scaled */
		o = advert(&f, &c, 0, 300, 1, 0);
		CHECK_EQ(f.state, VRRP_STATE_BACKUP);
		CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
		CHECK_EQ(o.down_ns, t[i].skew);
		o = step(&f, &c, VRRP_EV_DOWN_TIMER, VRRP_REASON_NONE, 0);
		CHECK_EQ(f.state, VRRP_STATE_MASTER);
		CHECK_EQ(o.reason, VRRP_REASON_PRIO0);
	}

	/* v3 with the same configuration: the skew scales with 3 s */
	c = mkcfg(100, 300, true, 0);
	memset(&f, 0, sizeof(f));
	o = step(&f, &c, VRRP_EV_STARTUP, VRRP_REASON_ADMIN, 0);
	CHECK_EQ(o.down_ns, 9 * SEC + 1828125000ULL);
	CHECK_EQ(o.down_ns, vrrp_fsm_down_ns(100, 300));
	o = advert(&f, &c, 0, 300, 1, 0);
	CHECK_EQ(o.down_ns, 1828125000ULL);
	CHECK_EQ(o.down_ns, vrrp_fsm_skew_ns(100, 300));

	/* v2: the master's interval, not ours, sets 3 * interval */
	c = mkcfg(100, 300, true, 0);
	c.v2 = true;
	start_backup(&f, &c);
	o = advert(&f, &c, 150, 200, -1, 0);
	CHECK_EQ(o.down_ns, 6 * SEC + 609375000);
	o = advert(&f, &c, 150, 2500, -1, 0);	/* 25 s */
	CHECK_EQ(o.down_ns, 75 * SEC + 609375000);
	/* ... and the priority 0 skew stays 1 s-scaled */
	o = advert(&f, &c, 0, 2500, -1, 0);
	CHECK_EQ(o.down_ns, 609375000);

	/* v2: a held-back sync group member re-arms with the v2 interval */
	start_backup(&f, &c);
	in.event = VRRP_EV_DOWN_TIMER;
	in.hold = true;
	vrrp_fsm_step(&f, &c, &in, &o);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 9 * SEC + 609375000);

	/* v2: Master -> Backup, by a higher advert or by the sync group */
	start_master(&f, &c);
	o = advert(&f, &c, 101, 100, -1, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.down_ns, 3 * SEC + 609375000);
	start_master(&f, &c);
	o = step(&f, &c, VRRP_EV_SYNC_BACKUP, VRRP_REASON_NONE, 0);
	CHECK_EQ(f.state, VRRP_STATE_BACKUP);
	CHECK_EQ(o.actions, LEAVE_MASTER | VRRP_ACT_ARM_DOWN);
	CHECK_EQ(o.down_ns, 9 * SEC + 609375000);

	/* The exported helpers stay the v3 formula. */
	CHECK_EQ(vrrp_fsm_skew_ns(100, 300), 1828125000ULL);
	CHECK_EQ(vrrp_fsm_down_ns(100, 100), 3609375000ULL);
}

void test_fsm(void)
{
	test_intervals();
	test_startup();
	test_backup();
	test_preempt();
	test_preempt_delay();
	test_master();
	test_init_fault();
	test_fast_preempt();
	test_master_reannounce();
	test_sync();
	test_output_zeroed();
	test_names();
	test_random_walk();
	test_v2_skew();
}
