/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Types for the pure protocol core (wire.c, fsm.c). In the kernel they come
 * from linux/types.h; the host unit tests and the fuzzer build the same files
 * in userspace with the stand-ins below.
 */
#ifndef _VRRP_CORE_TYPES_H
#define _VRRP_CORE_TYPES_H

#ifdef __KERNEL__
#include <linux/types.h>
#include <linux/bits.h>
#include <linux/string.h>
#else
#include <linux/types.h>
#include <stdbool.h>
#include <stddef.h>
#include <string.h>
typedef __u8 u8;
typedef __u16 u16;
typedef __u32 u32;
typedef __u64 u64;
typedef __s64 s64;
#define BIT(n) (1UL << (n))
#define __packed __attribute__((packed))
#endif

#include "../uapi/linux/vrrp.h"

#define VRRP_AF_INET	2	/* == AF_INET */
#define VRRP_AF_INET6	10	/* == AF_INET6 */

static inline unsigned int vrrp_alen(int family)
{
	return family == VRRP_AF_INET6 ? 16 : 4;
}

#endif /* _VRRP_CORE_TYPES_H */
