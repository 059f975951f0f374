/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: running check and notify scripts, each in its own process group.
 */
#ifndef VRRPCTL_PROC_H
#define VRRPCTL_PROC_H

#include <signal.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* After a timeout: SIGTERM to the process group, SIGKILL this much later. */
#define PROC_KILL_GRACE_MS	2000

pid_t proc_spawn(char *const argv[], const sigset_t *child_mask);
void proc_kill_group(pid_t pgid, int sig);
const char *proc_status_str(int status, char *buf, size_t len);
uint64_t now_ms(void);

#endif /* VRRPCTL_PROC_H */
