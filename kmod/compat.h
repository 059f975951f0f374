/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels vrrp.ko is built for (6.1 .. 6.12).
 */
#ifndef _VRRP_COMPAT_H
#define _VRRP_COMPAT_H

#include <linux/netlink.h>

#ifndef NL_SET_ERR_MSG_FMT_MOD
/*
 * Before 6.2 extack has no buffer of its own. The message must outlive the
 * doit handler until netlink_ack() copies it, later in the same sendmsg():
 * each message is allocated for its request and freed when the requesting
 * task returns to user space (netlink.c), so no two requests ever share a
 * buffer.
 */
const char *vrrp_extack_fmt(const char *fmt, ...) __printf(1, 2);
#define NL_SET_ERR_MSG_FMT_MOD(extack, fmt, args...) do {			\
		struct netlink_ext_ack *__extack = (extack);			\
		if (__extack)							\
			__extack->_msg = vrrp_extack_fmt(KBUILD_MODNAME ": " fmt, ##args); \
	} while (0)
#define VRRP_NEED_EXTACK_FMT
#endif

#endif /* _VRRP_COMPAT_H */
