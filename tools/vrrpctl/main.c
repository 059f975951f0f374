// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl: configure and watch the VRRP instances of vrrp.ko.
 *
 * main.c: global options, -n NETNS, and the table of commands; each command
 * lives in its own file.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <linux/vrrp.h>

#include "nl.h"
#include "util.h"
#include "vrrpctl.h"

#ifndef VRRPCTL_VERSION
#define VRRPCTL_VERSION "unknown"
#endif

bool json;
bool pretty;

void usage(void)
{
	fputs(
"Usage: vrrpctl [ OPTIONS ] COMMAND\n"
"       vrrpctl [ OPTIONS ] -b[atch] FILE\n"
"       vrrpctl instance add NAME dev IFNAME vrid VRID [ version { 2 | 3 } ]\n"
"                            vip VIP [ SETTINGS ]\n"
"       vrrpctl instance set NAME SETTINGS\n"
"       vrrpctl instance del NAME\n"
"       vrrpctl [ instance ] show [ NAME ] [ secrets ]\n"
"       vrrpctl tracker add NAME [ TRACKER_SETTINGS ] [ init { ok | fail | unknown } ]\n"
"       vrrpctl tracker set NAME TRACKER_SETTINGS\n"
"       vrrpctl tracker del NAME\n"
"       vrrpctl tracker [ show [ NAME ] ]\n"
"       vrrpctl track NAME { ok | fail }\n"
"       vrrpctl track run NAME [ --timeout TIME ] [ --quiet ] [ -- ] CMD [ ARGS... ]\n"
"       vrrpctl weight NAME VALUE\n"
"       vrrpctl stats [ NAME ]\n"
"       vrrpctl metrics [ --output FILE ]\n"
"       vrrpctl monitor\n"
"       vrrpctl notify -c FILE [ --timeout TIME ] [ --no-initial ]\n"
"       vrrpctl checks [ -c FILE ] [ --once ]\n"
"       vrrpctl save\n"
"       vrrpctl apply [ --check ] FILE\n"
"       vrrpctl load [ --check ] [ --strict ] [ --skip-lvs ] [ --dir DIR ] FILE\n"
"       vrrpctl help\n"
"where  OPTIONS := { -j[son] | -p[retty] | -n[etns] NETNS | -V[ersion] | -h[elp] }\n"
"       SETTINGS := [ prio PRIO ] [ advert TIME ] [ vip VIP [ VIP ... ] ]\n"
"                   [ preempt | nopreempt ] [ preempt-delay TIME ]\n"
"                   [ accept | noaccept ] [ group MCADDR ] [ csum { auto | rfc | pseudo } ]\n"
"                   [ garp-count N ] [ garp-interval TIME ] [ garp-refresh TIME ]\n"
"                   [ garp-period TIME ] [ garp-period-count N ]\n"
"                   [ track TRACKER [ weight W ] [ reverse ] ] ...\n"
"                   [ track-if IFNAME [ weight W ] [ reverse ] ] ... [ track none ]\n"
"                   [ fast-preempt | nofast-preempt ] [ sync-group { GROUP | none } ]\n"
"                   [ auth { none | pass SECRET } ] [ unicast-src { ADDR | none } ]\n"
"                   [ peer ADDR [ min-ttl TTL ] [ max-ttl TTL ] ] ... [ peer none ]\n"
"                   [ unicast-ttl N ] [ vmac | novmac ]\n"
"                   [ arbiter { ADDR [ conflict | fault ] | none } ]\n"
"       VIP := ADDR[/LEN][@IFNAME]   (@IFNAME: on that interface, not the instance's)\n"
"       TRACKER_SETTINGS := [ weight W ] [ fall N ] [ rise N ] [ timeout TIME ]\n"
"       VRID, PRIO := 1..255    W, VALUE := -254..254    N := 1..255    TTL := 0..255\n"
"       TIME := SECONDS | SECONDSs | MILLISECONDSms   (1, 0.5, 1s, 100ms)\n"
"       advert: 10ms..40.95s in steps of 10ms, version 2: 1..255 whole seconds;\n"
"       version 2 (IPv4 only) has auth, the password cut to 8 bytes as keepalived's;\n"
"       vip may be repeated; \"instance set ... vip\" replaces the whole list, and so\n"
"       does any track or track-if the whole track list, any peer the peer list;\n"
"       dev, vrid and version are fixed. show hides the password unless \"secrets\".\n"
"       init: a tracker's state until its first report (default ok); unknown holds\n"
"       an instance tracking it with weight 0 out of MASTER (keepalived's vrrp_script).\n"
"       apply: make the running instances and trackers those of FILE (lines as\n"
"       save writes), changing only what differs; --check prints the plan.\n"
"       load: a keepalived.conf, translated, applied (as apply does) and written\n"
"       to DIR (/etc/vrrp) as vrrp.conf, notify.conf and checks.conf; --check\n"
"       prints them.\n"
"       checks: the health checks of FILE (/etc/vrrp/checks.conf), each result\n"
"       reported to the tracker of its name (vrrp-checks.service runs it).\n"
"       metrics: Prometheus text format; --output writes FILE whole (a rename).\n"
"With no COMMAND, vrrpctl shows all instances.\n",
	stdout);
}

static int do_help(int argc, char **argv)
{
	(void)argc;
	(void)argv;
	usage();
	return EXIT_OK;
}

static const struct command {
	const char *name;
	int (*fn)(int argc, char **argv);
	bool needs_netns;
} commands[] = {
	{ "instance",	do_instance,	true },
	{ "show",	do_show,	true },
	{ "stats",	do_stats,	true },
	{ "metrics",	do_metrics,	true },
	{ "monitor",	do_monitor,	true },
	{ "tracker",	do_tracker,	true },
	{ "track",	do_track,	true },
	{ "weight",	do_weight,	true },
	{ "notify",	do_notify,	true },
	{ "checks",	do_checks,	true },
	{ "save",	do_save,	true },
	{ "apply",	do_apply,	true },
	{ "load",	do_load,	true },
	{ "help",	do_help,	false },
};

static const struct command *find_command(const char *name)
{
	size_t i;

	for (i = 0; i < sizeof(commands) / sizeof(commands[0]); i++)
		if (!strcmp(name, commands[i].name))
			return &commands[i];
	return NULL;
}

/* For batch.c: one command line, argv[0] the command. */
int run_command(int argc, char **argv)
{
	const struct command *cmd = find_command(argv[0]);

	if (!cmd)
		return usage_err("unknown command \"%s\" (try \"vrrpctl help\")", argv[0]);
	return cmd->fn(argc - 1, argv + 1);
}

/*
 * As "ip -n": enter /run/netns/NAME (or a path, such as /proc/PID/ns/net)
 * before the netlink socket is opened and device names are resolved.
 */
static int netns_switch(const char *name)
{
	char path[PATH_MAX];
	int fd;

	if (strchr(name, '/'))
		snprintf(path, sizeof(path), "%s", name);
	else
		snprintf(path, sizeof(path), "/run/netns/%s", name);
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return usage_err("cannot open network namespace \"%s\": %s", name,
				 strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0) {
		pr_err("cannot enter network namespace \"%s\": %s%s", name,
		       strerror(errno), errno == EPERM ? " (CAP_SYS_ADMIN is needed)" : "");
		close(fd);
		return EXIT_KERNEL;
	}
	close(fd);
	return 0;
}

/* "-j", "-json" and "--json" alike, as iproute2 */
/*
 * Ours, then the loaded module's: the family version is raised when the
 * module learns a command or attribute; one that does not know it refuses
 * it with an extack message, which vrrpctl prints.
 */
static void print_version(void)
{
	struct vnl v;

	printf("vrrpctl %s (netlink family \"%s\" version %d)\n",
	       VRRPCTL_VERSION, VRRP_GENL_NAME, VRRP_GENL_VERSION);
	fflush(stdout);
	if (vnl_open(&v))
		return;		/* said why on stderr: not loaded, ... */
	if (v.version)
		printf("vrrp.ko: netlink family \"%s\" version %u%s\n", VRRP_GENL_NAME,
		       v.version, v.version < VRRP_GENL_VERSION ?
		       " (older: what it does not know it refuses)" : "");
	else
		printf("vrrp.ko: loaded, netlink family version not told\n");
	vnl_close(&v);
}

static bool is_opt(const char *arg, const char *s, const char *l)
{
	arg += arg[1] == '-' ? 2 : 1;
	return !strcmp(arg, s) || !strcmp(arg, l);
}

int main(int argc, char **argv)
{
	static char *show_argv[] = { NULL };
	const char *netns = NULL, *batch = NULL;
	const struct command *cmd = NULL;
	int err;

	argc--;
	argv++;
	for (; argc > 0 && argv[0][0] == '-'; argc--, argv++) {
		if (!strcmp(argv[0], "--")) {
			argc--;
			argv++;
			break;
		}
		if (is_opt(argv[0], "j", "json")) {
			json = true;
		} else if (is_opt(argv[0], "p", "pretty")) {
			pretty = true;
		} else if (is_opt(argv[0], "n", "netns")) {
			if (argc < 2)
				return usage_err("option \"%s\" needs a NETNS (try \"vrrpctl help\")",
						 argv[0]);
			netns = argv[1];
			argc--;
			argv++;
		} else if (is_opt(argv[0], "b", "batch")) {
			if (argc < 2)
				return usage_err("option \"%s\" needs a FILE (try \"vrrpctl help\")",
						 argv[0]);
			batch = argv[1];
			argc--;
			argv++;
		} else if (is_opt(argv[0], "V", "version")) {
			print_version();
			return EXIT_OK;
		} else if (is_opt(argv[0], "h", "help")) {
			usage();
			return EXIT_OK;
		} else {
			return usage_err("unknown option \"%s\" (try \"vrrpctl help\")",
					 argv[0]);
		}
	}

	if (batch) {
		if (argc > 0)
			return usage_err("-b %s: unexpected command \"%s\" (the commands are in the file)",
					 batch, argv[0]);
		if (netns) {
			err = netns_switch(netns);
			if (err)
				return err;
		}
		return do_batch(batch);
	}
	if (argc == 0) {	/* no command: show, as wg */
		cmd = &commands[1];
		argv = show_argv;
	} else {
		cmd = find_command(argv[0]);
		if (!cmd)
			return usage_err("unknown command \"%s\" (try \"vrrpctl help\")",
					 argv[0]);
		argc--;
		argv++;
	}

	if (netns && cmd->needs_netns) {
		err = netns_switch(netns);
		if (err)
			return err;
	}
	return cmd->fn(argc, argv);
}
