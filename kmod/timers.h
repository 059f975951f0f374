/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _VRRP_TIMERS_H
#define _VRRP_TIMERS_H

#include "instance.h"

void vrrp_timers_init(struct vrrp_instance *vr);
void vrrp_timers_apply(struct vrrp_instance *vr, const struct vrrp_fsm_output *out);
void vrrp_timers_announce(struct vrrp_instance *vr, const struct vrrp_cfg *cfg);
u32 vrrp_timers_garp_take(struct vrrp_instance *vr, const struct vrrp_cfg *cfg,
			  u16 *first);
void vrrp_timers_garp_period(struct vrrp_instance *vr, const struct vrrp_cfg *cfg);
void vrrp_timers_stop(struct vrrp_instance *vr);

#endif /* _VRRP_TIMERS_H */
