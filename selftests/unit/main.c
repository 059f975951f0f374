// SPDX-License-Identifier: GPL-2.0
/* Host unit tests for the pure protocol core (kmod/wire.c, kmod/fsm.c). */

#include "harness.h"

unsigned int unit_passed, unit_failed;

int main(void)
{
	test_wire();
	test_fsm();
	printf("%u passed, %u failed\n", unit_passed, unit_failed);
	return unit_failed ? 1 : 0;
}
