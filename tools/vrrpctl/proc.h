/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: running check and notify scripts, each in its own process group.
 */
#ifndef VRRPCTL_PROC_H
#define VRRPCTL_PROC_H

#include <signal.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* After a timeout: SIGTERM to the process group, SIGKILL this much later. */
#define PROC_KILL_GRACE_MS	2000

/* How proc_start() runs a command. */
struct proc_opts {
	const sigset_t *child_mask;	/* the signal mask it starts with */
	int out_fd;			/* its stdout and stderr; -1: vrrpctl's */
	bool set_ids;			/* switch to these before exec: */
	uid_t uid;
	gid_t gid;
	const gid_t *groups;		/* the supplementary groups */
	size_t ngroups;
	bool parent_death;		/* SIGTERM to it if vrrpctl dies */
	/*
	 * NULL: a command that cannot be run exits 127 (126), its message on
	 * stderr. Else proc_start() returns -1 with the message here (and
	 * the errno in *err): the caller says it as it likes.
	 */
	char *why;
	size_t why_len;
	int *err;
};

pid_t proc_start(char *const argv[], const struct proc_opts *o);
pid_t proc_spawn(char *const argv[], const sigset_t *child_mask);
void proc_kill_group(pid_t pgid, int sig);
const char *proc_status_str(int status, char *buf, size_t len);
uint64_t now_ms(void);

#endif /* VRRPCTL_PROC_H */
