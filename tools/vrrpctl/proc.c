// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl: running check and notify scripts.
 *
 * Each runs in a process group of its own, so that a timeout ends it and
 * whatever it started, and a signal meant for vrrpctl (or its terminal)
 * does not reach it. stdin is /dev/null; stdout and stderr are vrrpctl's
 * (the journal, under systemd). A command that cannot be executed exits 127
 * (126 if found but not executable), as the shell's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "proc.h"
#include "util.h"

pid_t proc_spawn(char *const argv[], const sigset_t *child_mask)
{
	pid_t pid;
	int fd;

	fflush(stdout);
	fflush(stderr);
	pid = fork();
	if (pid < 0) {
		pr_err("cannot fork to run %s: %s", argv[0], strerror(errno));
		return -1;
	}
	if (pid > 0) {
		setpgid(pid, pid);	/* as the child does: no race either way */
		return pid;
	}
	setpgid(0, 0);
	fd = open("/dev/null", O_RDONLY);
	if (fd > 0) {
		dup2(fd, 0);
		close(fd);
	}
	sigprocmask(SIG_SETMASK, child_mask, NULL);
	execvp(argv[0], argv);
	fprintf(stderr, "vrrpctl: cannot run %s: %s\n", argv[0], strerror(errno));
	_exit(errno == ENOENT ? 127 : 126);
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
