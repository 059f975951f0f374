/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A tiny test harness: CHECK macros count passes and failures and print one
 * line per failing check; main() prints "N passed, M failed".
 */
#ifndef _VRRP_UNIT_HARNESS_H
#define _VRRP_UNIT_HARNESS_H

#include <stdio.h>

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

extern unsigned int unit_passed, unit_failed;

static inline void unit_check(int ok, const char *file, int line,
			      const char *what)
{
	if (ok) {
		unit_passed++;
		return;
	}
	unit_failed++;
	printf("FAIL %s:%d: %s\n", file, line, what);
}

static inline void unit_check_eq(unsigned long long a, unsigned long long b,
				 const char *file, int line, const char *what)
{
	if (a == b) {
		unit_passed++;
		return;
	}
	unit_failed++;
	printf("FAIL %s:%d: %s: got %llu (0x%llx), want %llu (0x%llx)\n",
	       file, line, what, a, a, b, b);
}

#define CHECK(cond)	unit_check(!!(cond), __FILE__, __LINE__, #cond)
#define CHECK_EQ(a, b)	unit_check_eq((unsigned long long)(a),		\
				      (unsigned long long)(b),		\
				      __FILE__, __LINE__, #a " == " #b)
#define CHECK_STR(a, b)	unit_check(strcmp((a), (b)) == 0, __FILE__,	\
				   __LINE__, #a " == " #b)

void test_wire(void);
void test_fsm(void);

#endif /* _VRRP_UNIT_HARNESS_H */
