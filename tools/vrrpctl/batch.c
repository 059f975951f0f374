// SPDX-License-Identifier: GPL-2.0
/*
 * vrrpctl -b FILE: one command a line, as "ip -batch". Blank lines and
 * '#' comments are skipped; words are split as split_line() says. The first
 * command that fails ends the batch: its message, then "FILE:LINE: command
 * failed", and its exit status. Commands before it stay applied.
 * FILE "-" is stdin. "vrrpctl save" writes such a file.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <linux/vrrp.h>

#include "util.h"
#include "vrrpctl.h"

/* A line may hold an instance with every vip, track element and peer. */
#define BATCH_MAX_WORDS	(VRRP_VIP_MAX + 8 * VRRP_TRACK_MAX + 6 * VRRP_PEER_MAX + 64)

int do_batch(const char *file)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, **argv;
	const char *why = NULL;
	unsigned int lineno = 0;
	size_t size = 0;
	int argc, err = 0;

	if (!f)
		return usage_err("cannot open batch file \"%s\": %s", file, strerror(errno));
	argv = calloc(BATCH_MAX_WORDS, sizeof(*argv));
	if (!argv) {
		pr_err("out of memory");
		err = EXIT_KERNEL;
	}
	while (!err && getline(&line, &size, f) >= 0) {
		lineno++;
		argc = split_line(line, argv, BATCH_MAX_WORDS, &why);
		if (argc < 0) {
			err = usage_err("%s:%u: %s", file, lineno, why);
			break;
		}
		if (argc > 0)
			err = run_command(argc, argv);
		if (err)
			pr_err("%s:%u: command failed", file, lineno);
		/* output of each command in order, before the next one's messages */
		fflush(stdout);
	}
	if (!err && ferror(f))
		err = usage_err("cannot read batch file \"%s\"", file);
	free(argv);
	free(line);
	if (f != stdin)
		fclose(f);
	return err;
}
