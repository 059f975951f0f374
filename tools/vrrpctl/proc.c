// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl: running check and notify scripts.
 *
 * Each runs in a process group of its own, so that a timeout ends it and
 * whatever it started, and a signal meant for vrrpctl (or its terminal)
 * does not reach it. stdin is /dev/null; stdout and stderr are vrrpctl's
 * (the journal, under systemd). A command that cannot be executed exits 127
 * (126 if found but not executable), as the shell's; or, for the checks
 * runner, its stdout and stderr go to a pipe, it runs as another user, and
 * why it could not be run is told to vrrpctl instead (proc_start()).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdio.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

/* Where the child failed, told to the parent (proc_opts.why). */
enum { STAGE_SETGROUPS, STAGE_SETGID, STAGE_SETUID, STAGE_EXEC };

struct child_err {
	int stage;
	int err;
};

static const char *const stage_names[] = {
	[STAGE_SETGROUPS] = "setgroups", [STAGE_SETGID] = "setgid", [STAGE_SETUID] = "setuid",
};

static void __attribute__((noreturn)) child_fail(char *const argv[], int ep, int stage)
{
	struct child_err e = { .stage = stage, .err = errno };
	ssize_t n;

	if (ep >= 0) {
		n = write(ep, &e, sizeof(e));
		(void)n;
	} else if (stage == STAGE_EXEC) {
		fprintf(stderr, "vrrpctl: cannot run %s: %s\n", argv[0], strerror(e.err));
	} else {
		fprintf(stderr, "vrrpctl: cannot run %s: %s: %s\n", argv[0], stage_names[stage],
			strerror(e.err));
	}
	_exit(stage == STAGE_EXEC && e.err == ENOENT ? 127 : 126);
}

static void __attribute__((noreturn)) child(char *const argv[], const struct proc_opts *o,
					    int ep, pid_t parent)
{
	int fd;

	setpgid(0, 0);
	fd = open("/dev/null", O_RDONLY);
	if (fd > 0) {
		dup2(fd, 0);
		close(fd);
	}
	if (o->out_fd >= 0) {
		dup2(o->out_fd, 1);
		dup2(o->out_fd, 2);
	}
	sigprocmask(SIG_SETMASK, o->child_mask, NULL);
	if (o->set_ids) {
		/* groups and gid first: after setuid() they cannot be changed */
		if (setgroups(o->ngroups, o->groups) < 0)
			child_fail(argv, ep, STAGE_SETGROUPS);
		if (setgid(o->gid) < 0)
			child_fail(argv, ep, STAGE_SETGID);
		if (setuid(o->uid) < 0)
			child_fail(argv, ep, STAGE_SETUID);
	}
	/* after setuid(), which clears it; and vrrpctl may be gone already */
	if (o->parent_death &&
	    (prctl(PR_SET_PDEATHSIG, SIGTERM) < 0 || getppid() != parent))
		_exit(126);
	execvp(argv[0], argv);
	child_fail(argv, ep, STAGE_EXEC);
}

pid_t proc_start(char *const argv[], const struct proc_opts *o)
{
	pid_t pid, parent = getpid();
	struct child_err e;
	int ep[2] = { -1, -1 };
	ssize_t n;

	if (o->why && pipe2(ep, O_CLOEXEC) < 0) {
		*o->err = errno;
		snprintf(o->why, o->why_len, "cannot run %s: pipe: %s", argv[0], strerror(errno));
		return -1;
	}
	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		if (o->why) {
			*o->err = errno;
			snprintf(o->why, o->why_len, "cannot fork to run %s: %s", argv[0],
				 strerror(errno));
			close(ep[0]);
			close(ep[1]);
		} else {
			pr_err("cannot fork to run %s: %s", argv[0], strerror(errno));
		}
		return -1;
	}
	if (pid == 0) {
		if (ep[0] >= 0)
			close(ep[0]);
		child(argv, o, ep[1], parent);
	}
	setpgid(pid, pid);	/* as the child does: no race either way */
	if (!o->why)
		return pid;
	/* exec closes the pipe (O_CLOEXEC): nothing read; a failure is read */
	close(ep[1]);
	while ((n = read(ep[0], &e, sizeof(e))) < 0 && errno == EINTR)
		;
	close(ep[0]);
	if (n != sizeof(e))
		return pid;
	waitpid(pid, NULL, 0);	/* it exits right after telling */
	*o->err = e.err;
	if (e.stage == STAGE_EXEC)
		snprintf(o->why, o->why_len, "cannot run %s: %s", argv[0], strerror(e.err));
	else
		snprintf(o->why, o->why_len, "cannot run %s as uid %u gid %u: %s: %s", argv[0],
			 (unsigned int)o->uid, (unsigned int)o->gid, stage_names[e.stage],
			 strerror(e.err));
	return -1;
}

pid_t proc_spawn(char *const argv[], const sigset_t *child_mask)
{
	struct proc_opts o = { .child_mask = child_mask, .out_fd = -1 };

	return proc_start(argv, &o);
}

void proc_kill_group(pid_t pgid, int sig)
{
	if (pgid > 0)
		kill(-pgid, sig);
}

/* "exit 0", "exit 3", "killed by signal 9 (Killed)" */
const char *proc_status_str(int status, char *buf, size_t len)
{
	if (WIFEXITED(status))
		snprintf(buf, len, "exit %d", WEXITSTATUS(status));
	else if (WIFSIGNALED(status))
		snprintf(buf, len, "killed by signal %d (%s)", WTERMSIG(status),
			 strsignal(WTERMSIG(status)));
	else
		snprintf(buf, len, "status %#x", status);
	return buf;
}

uint64_t now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}
