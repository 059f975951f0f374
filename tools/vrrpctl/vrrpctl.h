/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: what the subcommand files share with main.c.
 */
#ifndef VRRPCTL_H
#define VRRPCTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* Exit status, as iproute2: 0 ok, 1 syntax error, 2 kernel error. */
#define EXIT_OK		0
#define EXIT_USAGE	1
#define EXIT_KERNEL	2

/* VRRP_NAME_MAX of the modules of 0.1.0 and older */
#define VRRP_NAME_OLD_MAX	32

extern bool json;	/* -j */
extern bool pretty;	/* -p */

void usage(void);

int do_instance(int argc, char **argv);
int do_show(int argc, char **argv);
int do_stats(int argc, char **argv);
int do_metrics(int argc, char **argv);
int do_monitor(int argc, char **argv);
int do_tracker(int argc, char **argv);
int do_track(int argc, char **argv);
int do_weight(int argc, char **argv);
int do_notify(int argc, char **argv);
int do_checks(int argc, char **argv);
int do_save(int argc, char **argv);
int do_batch(const char *file);
int do_load(int argc, char **argv);
int do_apply(int argc, char **argv);
int run_command(int argc, char **argv);
bool instance_keyword(const char *word);

/* show.c, shared with "instance show" and stats.c */
struct nlattr;
#define SHOW_NAMES	(1U << 0)	/* only the names, one a line */
#define SHOW_SECRETS	(1U << 1)	/* the password too */
int show_instances(const char *name, unsigned int flags);
int show_args(const char *what, int argc, char **argv);
void print_instance_id(struct nlattr **tb);
void print_counters(const char *key, struct nlattr *stats);
const char *counter_name(unsigned int attr);
void print_conflict(const char *key, struct nlattr *nest, bool event);
const char *conflict_kind_str(unsigned int kind);
#define MISMATCH_WHATS 6
extern const char *const mismatch_whats[MISMATCH_WHATS];

/* tracker.c, shared with track.c and save.c */
struct nl_msg;
struct vnl_req;
int tracker_request(const struct vnl_req *req,
		    int (*put)(struct nl_msg *msg, const void *arg), const void *arg);
int tracker_dump(const char *name,
		 int (*cb)(uint8_t cmd, struct nlattr **tb, void *arg), void *arg);

/* track.c, shared with checks.c */
int track_report(const char *name, bool ok, const char *op);

/* checks.c, shared with load.c: 0 if USER[:GROUP] exists, else why not */
int checks_user_ok(const char *spec, char *why, size_t len);

/* instance.c and tracker.c, for apply.c */
struct inst_cfg;
struct trk_cfg;
int instance_parse(int argc, char **argv, bool creating, struct inst_cfg **out);
void instance_free(struct inst_cfg *c);
const char *instance_name(const struct inst_cfg *c);
int instance_send(const struct inst_cfg *c, bool creating);
const char *instance_fixed(const struct inst_cfg *want, const struct inst_cfg *have);
unsigned int instance_diff(struct inst_cfg *want, struct inst_cfg *have, char *desc,
			   size_t len);
bool instance_tracks(const struct inst_cfg *c, const char *name);
int tracker_parse(int argc, char **argv, struct trk_cfg **out);
const char *tracker_name(const struct trk_cfg *c);
unsigned int tracker_diff(struct trk_cfg *want, struct trk_cfg *have, char *desc, size_t len);
int tracker_send(const struct trk_cfg *c, bool creating);

/* save.c, for apply.c: the configuration as "vrrpctl -b" lines */
int save_to(FILE *f, int *lost);

/* apply.c, for load.c: one "tracker add" or "instance add" line */
struct apply_line {
	const char *where;	/* "FILE:LINE", for messages */
	const char *text;
};
int apply_lines(const char *who, const struct apply_line *lines, unsigned int n,
		bool check);

#endif /* VRRPCTL_H */
