// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl track NAME ok|fail
 * vrrpctl track run NAME [--timeout TIME] [--quiet] [--] CMD [ARGS...]
 * vrrpctl weight NAME VALUE
 *
 * Reports to a tracker (VRRP_CMD_TRACKER_REPORT). "track run" runs a check
 * first: exit 0 is ok; any other exit, a signal, a timeout or a command
 * that cannot be run is a failure. The exit status of vrrpctl says whether
 * the report was delivered (0), not what the check found.
 */
#include <errno.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

#include "nl.h"
#include "print.h"
#include "proc.h"
#include "util.h"
#include "vrrpctl.h"

#define TRACK_RUN_TIMEOUT_MS	10000

struct report {
	bool is_value;
	uint8_t result;
	int32_t value;
};

static int put_report(struct nl_msg *msg, const void *arg)
{
	const struct report *r = arg;

	if (r->is_value)
		return nla_put_s32(msg, VRRP_TRK_A_VALUE, r->value);
	return nla_put_u8(msg, VRRP_TRK_A_RESULT, r->result);
}

static int send_report(const char *name, const struct report *r, const char *op)
{
	char what[VRRP_NAME_MAX + 32];
	struct vnl_req req = {
		.cmd = VRRP_CMD_TRACKER_REPORT,
		.what = what,
		.name = name,
	};

	snprintf(what, sizeof(what), "%s %s", op, name);
	return tracker_request(&req, put_report, r);
}

/* A result, as "track NAME ok|fail" reports it: for the checks runner. */
int track_report(const char *name, bool ok, const char *op)
{
	struct report r = { .result = ok };

	return send_report(name, &r, op);
}

/*
 * Run @argv and wait for it, at most @timeout_ms; then SIGTERM to its
 * process group, and SIGKILL after a grace period. *status is waitpid()'s;
 * returns true if it timed out.
 */
static bool run_check(char **argv, uint32_t timeout_ms, int *status, int *err)
{
	sigset_t chld, old;
	struct timespec ts;
	uint64_t deadline, now;
	bool timed_out = false, killed = false;
	pid_t pid;

	sigemptyset(&chld);
	sigaddset(&chld, SIGCHLD);
	sigprocmask(SIG_BLOCK, &chld, &old);
	*err = 0;
	pid = proc_spawn(argv, &old);
	if (pid < 0) {
		*err = EXIT_KERNEL;
		sigprocmask(SIG_SETMASK, &old, NULL);
		return false;
	}
	deadline = now_ms() + timeout_ms;
	while (waitpid(pid, status, WNOHANG) == 0) {
		now = now_ms();
		if (now >= deadline) {
			if (killed) {	/* SIGKILL cannot be refused: wait */
				waitpid(pid, status, 0);
				break;
			}
			if (!timed_out) {
				timed_out = true;
				proc_kill_group(pid, SIGTERM);
				deadline = now + PROC_KILL_GRACE_MS;
			} else {
				killed = true;
				proc_kill_group(pid, SIGKILL);
				deadline = now + 60000;
			}
			continue;
		}
		ts.tv_sec = (deadline - now) / 1000;
		ts.tv_nsec = (deadline - now) % 1000 * 1000000;
		sigtimedwait(&chld, NULL, &ts);
	}
	if (timed_out)	/* what the check left behind in its group */
		proc_kill_group(pid, SIGKILL);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return timed_out;
}

static int track_run(int argc, char **argv)
{
	uint32_t timeout_ms = TRACK_RUN_TIMEOUT_MS;
	const char *name = NULL;
	struct report r = { 0 };
	char desc[96], t[TIME_STRLEN];
	bool quiet = false, timed_out;
	int status = 0, err;

	for (; argc > 0; argc--, argv++) {
		if (!strcmp(argv[0], "--")) {
			argc--;
			argv++;
			break;
		}
		if (!strcmp(argv[0], "--timeout") || !strcmp(argv[0], "-t")) {
			if (argc < 2)
				return missing_value(argv[0]);
			err = parse_time_ms(argv[0], argv[1], &timeout_ms);
			if (err)
				return err;
			if (!timeout_ms)
				return usage_err("%s must be more than 0", argv[0]);
			argc--;
			argv++;
		} else if (!strcmp(argv[0], "--quiet") || !strcmp(argv[0], "-q")) {
			quiet = true;
		} else if (argv[0][0] == '-') {
			return usage_err("track run: unknown option \"%s\" (try \"vrrpctl help\")",
					 argv[0]);
		} else if (!name) {
			name = argv[0];
		} else {
			break;	/* the command */
		}
	}
	if (!name)
		return usage_err("track run: missing tracker NAME (try \"vrrpctl help\")");
	if (check_tracker_name(name, false))
		return EXIT_USAGE;
	if (argc < 1)
		return usage_err("track run %s: missing the command to run (try \"vrrpctl help\")",
				 name);

	timed_out = run_check(argv, timeout_ms, &status, &err);
	if (err)
		return err;
	r.result = !timed_out && WIFEXITED(status) && WEXITSTATUS(status) == 0;
	err = send_report(name, &r, "track run");
	if (err || quiet)
		return err;

	print_start(false);
	open_json_object(NULL);
	print_string(PRINT_ANY, "tracker", "%s:", name);
	print_string(PRINT_ANY, "result", " reported %s", r.result ? "ok" : "fail");
	if (timed_out) {
		print_bool(PRINT_JSON, "timed_out", NULL, true);
		print_string(PRINT_FP, NULL, " (timed out after %s)", ms_str(timeout_ms, t));
	} else if (WIFEXITED(status)) {
		print_uint(PRINT_JSON, "exit", NULL, WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		print_uint(PRINT_JSON, "signal", NULL, WTERMSIG(status));
	}
	if (!timed_out)
		print_string(PRINT_FP, NULL, " (%s)", proc_status_str(status, desc, sizeof(desc)));
	close_json_object();
	print_nl();
	print_end();
	return EXIT_OK;
}

int do_track(int argc, char **argv)
{
	struct report r = { 0 };

	/* "track run ok": the tracker called "run" */
	if (argc >= 1 && !strcmp(argv[0], "run") &&
	    !(argc == 2 && (!strcmp(argv[1], "ok") || !strcmp(argv[1], "fail"))))
		return track_run(argc - 1, argv + 1);
	if (argc < 1)
		return usage_err("track: missing tracker NAME (try \"vrrpctl help\")");
	if (check_tracker_name(argv[0], false))
		return EXIT_USAGE;
	if (argc < 2)
		return usage_err("track %s: missing \"ok\" or \"fail\" (try \"vrrpctl help\")",
				 argv[0]);
	if (!strcmp(argv[1], "ok"))
		r.result = 1;
	else if (strcmp(argv[1], "fail"))
		return usage_err("track %s: invalid result \"%s\" (expected ok or fail)",
				 argv[0], argv[1]);
	if (argc > 2)
		return usage_err("track %s %s: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[0], argv[1], argv[2]);
	return send_report(argv[0], &r, "track");
}

int do_weight(int argc, char **argv)
{
	struct report r = { .is_value = true };
	int err;

	if (argc < 1)
		return usage_err("weight: missing tracker NAME (try \"vrrpctl help\")");
	if (check_tracker_name(argv[0], false))
		return EXIT_USAGE;
	if (argc < 2)
		return usage_err("weight %s: missing VALUE (try \"vrrpctl help\")", argv[0]);
	if (argc > 2)
		return usage_err("weight %s: unexpected argument \"%s\" (try \"vrrpctl help\")",
				 argv[0], argv[2]);
	err = parse_s32("weight", argv[1], -VRRP_WEIGHT_MAX, VRRP_WEIGHT_MAX, &r.value);
	if (err)
		return err;
	return send_report(argv[0], &r, "weight");
}
