/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vrrpctl: a thin layer over libnl-genl for the "vrrp" family.
 */
#ifndef VRRPCTL_NL_H
#define VRRPCTL_NL_H

#include <stddef.h>
#include <stdint.h>

#include <netlink/attr.h>
#include <netlink/msg.h>

#include <linux/vrrp.h>

struct vnl {
	struct nl_sock *sk;
	int family;		/* genl id of "vrrp" */
	uint32_t events_grp;	/* id of the "events" group, 0 if none */
};

/* Called for each reply (or event) with its attributes, parsed and checked. */
typedef int (*vnl_cb)(uint8_t cmd, struct nlattr **tb, void *arg);

/* A request, and what to call it in messages. */
struct vnl_req {
	uint8_t cmd;
	int flags;		/* NLM_F_DUMP, ... */
	const char *what;	/* "instance add VI_1" */
	const char *name;	/* the instance, if the request names one */
	vnl_cb cb;
	void *arg;
};

/* These return 0 or an exit status, their message printed. */
int vnl_open(struct vnl *v);
void vnl_close(struct vnl *v);
struct nl_msg *vnl_msg(const struct vnl *v, const struct vnl_req *req,
		       size_t size);
int vnl_talk(struct vnl *v, struct nl_msg *msg, const struct vnl_req *req);
int vnl_listen(struct vnl *v, vnl_cb cb, void *arg);

/* Nested attributes of a reply; NULL entries for absent ones. */
int vnl_parse_vip(struct nlattr *vip, struct nlattr **tb);
int vnl_parse_stats(struct nlattr *stats, struct nlattr **tb);

#endif /* VRRPCTL_NL_H */
